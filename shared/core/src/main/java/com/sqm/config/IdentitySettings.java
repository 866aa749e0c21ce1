package com.sqm.config;

import java.util.Objects;
import java.util.function.Function;

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
  public static final String GROUPS_CLAIM_SETTING = "SQM_GROUPS_CLAIM";
  public static final String ADMIN_GROUP_SETTING = "SQM_ADMIN_GROUP";

  public IdentitySettings {
    Objects.requireNonNull(groupsClaim, "groupsClaim");
    Objects.requireNonNull(adminGroup, "adminGroup");
  }

  /** Reads {@code SQM_GROUPS_CLAIM} and {@code SQM_ADMIN_GROUP}; blank or unset is the default. */
  public static IdentitySettings from(Function<String, String> env) {
    return new IdentitySettings(
        orDefault(env.apply(GROUPS_CLAIM_SETTING), DEFAULT_GROUPS_CLAIM),
        orDefault(env.apply(ADMIN_GROUP_SETTING), DEFAULT_ADMIN_GROUP));
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
