package com.sqm.sql;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;

/**
 * The guard refused a statement; {@link #rule()} names the rule it broke (e.g. {@code
 * FORBIDDEN_FUNCTION}).
 */
public final class SqlRejectedException extends SqmException {
  private static final long serialVersionUID = 1L;
  private final String rule;

  public SqlRejectedException(String rule, String detail) {
    super(ErrorCode.SQL_REJECTED, rule + ": " + detail, "sql");
    this.rule = rule;
  }

  public String rule() {
    return rule;
  }
}
