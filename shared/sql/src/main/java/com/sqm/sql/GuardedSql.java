package com.sqm.sql;

/**
 * SQL text that passed {@link SqlGuard}: one read-only query, comments and trailing semicolons
 * removed.
 */
public record GuardedSql(String sql) {
  public GuardedSql {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("sql must not be blank");
    }
  }
}
