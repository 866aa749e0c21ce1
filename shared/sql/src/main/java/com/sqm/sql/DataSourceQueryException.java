package com.sqm.sql;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;

/**
 * The data source refused or failed a query ({@code DATASOURCE_ERROR}); {@link #sqlState()} tells a
 * mistake in the SQL (a missing column, a type mismatch) from a failure of the server or network.
 */
public final class DataSourceQueryException extends SqmException {
  private static final long serialVersionUID = 1L;
  private final String sqlState;

  public DataSourceQueryException(String message, String sqlState) {
    super(ErrorCode.DATASOURCE_ERROR, message);
    this.sqlState = sqlState;
  }

  /** PostgreSQL's SQLSTATE, or null when the driver gave none. */
  public String sqlState() {
    return sqlState;
  }

  /**
   * Whether the SQL itself is at fault, so another SQL could succeed: syntax or access rule
   * violations (class 42), data exceptions (22), cardinality violations (21) and unsupported
   * features (0A). Connection, resource and server failures are not.
   */
  public boolean isCausedBySql() {
    if (sqlState == null || sqlState.length() < 2) {
      return false;
    }
    String sqlClass = sqlState.substring(0, 2);
    return sqlClass.equals("42")
        || sqlClass.equals("22")
        || sqlClass.equals("21")
        || sqlClass.equals("0A");
  }
}
