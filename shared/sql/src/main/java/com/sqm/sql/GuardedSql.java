package com.sqm.sql;

import java.util.Set;

/**
 * SQL text that passed {@link SqlGuard}: one read-only query, comments and trailing semicolons
 * removed, and the column and function names it uses (checked against the data source's own
 * functions before it runs).
 */
public record GuardedSql(String sql, Set<String> referencedNames) {
  public GuardedSql {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("sql must not be blank");
    }
    referencedNames = referencedNames == null ? Set.of() : Set.copyOf(referencedNames);
  }

  /** Text only, for tests of the layers below the guard. */
  GuardedSql(String sql) {
    this(sql, Set.of());
  }
}
