package com.sqm.model;

/**
 * Bounds for queries on one data source: statement timeout, row cap (hard max {@value
 * #HARD_MAX_ROWS}), byte cap of the serialised result, and the EXPLAIN cost/rows ceiling of the
 * cost gate.
 */
public record DataSourceLimits(
    long statementTimeoutMs,
    int maxRows,
    long maxResultBytes,
    double maxCost,
    double maxEstimatedRows) {
  public static final int HARD_MAX_ROWS = 10_000;
  public static final DataSourceLimits DEFAULTS =
      new DataSourceLimits(5_000, 1_000, 1_048_576, 1_000_000, 10_000_000);

  public DataSourceLimits {
    if (statementTimeoutMs <= 0)
      throw new IllegalArgumentException("statementTimeoutMs must be > 0");
    if (maxRows <= 0) throw new IllegalArgumentException("maxRows must be > 0");
    maxRows = Math.min(maxRows, HARD_MAX_ROWS);
  }
}
