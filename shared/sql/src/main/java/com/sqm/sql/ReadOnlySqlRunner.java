package com.sqm.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one way user SQL reaches a data source: guard, then cost gate and bounded execution in a
 * single read-only transaction that is always rolled back. Used by the worker and by {@code ./sqm
 * run-sql}.
 */
public final class ReadOnlySqlRunner {
  private final SqlGuard guard;
  private final CostGate costGate;
  private final BoundedQueryExecutor executor;

  public ReadOnlySqlRunner(SqlGuard guard) {
    this.guard = guard;
    ObjectMapper json = new ObjectMapper();
    this.costGate = new CostGate(json);
    this.executor = new BoundedQueryExecutor(json);
  }

  /**
   * Runs {@code sql} and returns at most min(requestedMaxRows, limits.maxRows, 10 000) rows.
   *
   * @throws SqlRejectedException SQL_REJECTED, naming the rule
   * @throws SqmException SQL_TOO_EXPENSIVE, DATASOURCE_TIMEOUT or DATASOURCE_ERROR
   */
  public DataResult run(
      DataSource dataSource,
      String sql,
      List<String> allowedSchemas,
      DataSourceLimits limits,
      Integer requestedMaxRows) {
    GuardedSql guarded = guard.check(sql, allowedSchemas);
    return runGuarded(dataSource, guarded, allowedSchemas, limits, requestedMaxRows);
  }

  /**
   * Cost gate and bounded execution only; package-private so nothing outside can skip the guard.
   */
  DataResult runGuarded(
      DataSource dataSource,
      GuardedSql guarded,
      List<String> allowedSchemas,
      DataSourceLimits limits,
      Integer requestedMaxRows) {
    DataSourceLimits bounds = limits == null ? DataSourceLimits.DEFAULTS : limits;
    int rowCap = rowCap(bounds, requestedMaxRows);
    return ReadOnlyTransaction.run(
        dataSource,
        allowedSchemas,
        bounds,
        connection -> {
          UserFunctionCheck.check(connection, allowedSchemas, guarded);
          costGate.check(connection, guarded, bounds);
          return executor.fetch(connection, guarded, rowCap, bounds.maxResultBytes());
        });
  }

  static int rowCap(DataSourceLimits limits, Integer requestedMaxRows) {
    if (requestedMaxRows != null && requestedMaxRows <= 0) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "maxRows must be greater than 0", "maxRows");
    }
    int cap = Math.min(limits.maxRows(), DataSourceLimits.HARD_MAX_ROWS);
    return requestedMaxRows == null ? cap : Math.min(cap, requestedMaxRows);
  }
}
