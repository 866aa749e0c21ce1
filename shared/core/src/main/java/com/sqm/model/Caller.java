package com.sqm.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the user id (the token's {@code sub}), the groups the identity provider put the
 * user in, and whether one of them is the admin group.
 */
public record Caller(String id, Set<String> groups, boolean admin) {
  /** The grant principal every caller holds. */
  public static final String EVERYONE = "everyone";

  public Caller {
    Objects.requireNonNull(id, "id");
    groups = groups == null ? Set.of() : Set.copyOf(groups);
  }

  /** A signed-in user who is not an admin. */
  public static Caller user(String id, String... groups) {
    return new Caller(id, Set.of(groups), false);
  }

  /** A signed-in admin. */
  public static Caller admin(String id) {
    return new Caller(id, Set.of(), true);
  }

  /**
   * The grant principals this caller holds: {@code user:<id>}, {@code group:<name>} for each group,
   * and {@code everyone}.
   */
  public List<String> principals() {
    List<String> principals = new ArrayList<>(groups.size() + 2);
    principals.add("user:" + id);
    groups.stream().sorted().forEach(g -> principals.add("group:" + g));
    principals.add(EVERYONE);
    return principals;
  }
}
