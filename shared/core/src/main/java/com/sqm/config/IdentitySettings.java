package com.sqm.config;

import java.util.Objects;

/**
 * Where a token says who a user is beyond {@code sub}: the claim that lists the user's groups (e.g.
 * {@code cognito:groups}, or {@code scope} for providers that put roles in scopes) and the group
 * that makes a user an admin.
 */
public record IdentitySettings(String groupsClaim, String adminGroup) {
  public static final String DEFAULT_GROUPS_CLAIM = "cognito:groups";
  public static final String DEFAULT_ADMIN_GROUP = "sqm-admins";
  public static final IdentitySettings DEFAULTS =
      new IdentitySettings(DEFAULT_GROUPS_CLAIM, DEFAULT_ADMIN_GROUP);

  public IdentitySettings {
    Objects.requireNonNull(groupsClaim, "groupsClaim");
    Objects.requireNonNull(adminGroup, "adminGroup");
  }
}
