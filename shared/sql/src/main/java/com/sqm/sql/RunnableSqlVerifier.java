package com.sqm.sql;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.service.CorrectedSqlVerifier;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@link CorrectedSqlVerifier} through the same layers as every engine's SQL: the guard, then the
 * cost gate and a bounded read-only run that fetches at most one row, so a correction is only
 * accepted when it is safe and actually runs on its data source.
 */
public final class RunnableSqlVerifier implements CorrectedSqlVerifier {
  private final ReadOnlySqlRunner runner;
  private final DataSourcePools pools;

  public RunnableSqlVerifier(ReadOnlySqlRunner runner, DataSourcePools pools) {
    this.runner = runner;
    this.pools = pools;
  }

  @Override
  public void verify(DataSourceConfig dataSource, String sql) {
    DataSource pool = pools.forDataSource(dataSource);
    // Reach the data source first: a database that is down is not the SQL's fault (502), while
    // anything the database says about the SQL afterwards is (422).
    try (Connection ignored = pool.getConnection()) {
      // only the connection was wanted
    } catch (SQLException e) {
      // the pool's own sentence (refused, timed out, breaker open) names no credentials
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          e.getCause() instanceof DataSourceQueryException reason
              ? reason.getMessage()
              : "data source " + dataSource.id() + " cannot be reached",
          "dataSourceId");
    }
    try {
      runner.run(pool, sql, dataSource.allowedSchemas(), dataSource.limits(), 1);
    } catch (SqlRejectedException e) {
      throw e;
    } catch (SqmException e) {
      // a data source that went away meanwhile is not the SQL's fault
      if (e.isTransient()) {
        throw e;
      }
      if (e.code() == ErrorCode.DATASOURCE_ERROR || e.code() == ErrorCode.DATASOURCE_TIMEOUT) {
        throw new SqmException(
            ErrorCode.SQL_FAILED, "the SQL did not run: " + e.getMessage(), "sql", e);
      }
      throw e;
    }
  }
}
