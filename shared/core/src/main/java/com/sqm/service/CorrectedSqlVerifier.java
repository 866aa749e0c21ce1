package com.sqm.service;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.SqmException;

/**
 * Checks that SQL a user offers as the right answer is safe and runs on its data source before it
 * becomes an example engines learn from. A port: the implementation (guard + bounded read-only
 * execution) lives with the SQL layers.
 */
public interface CorrectedSqlVerifier {

  /**
   * Returns normally when {@code sql} passes the SQL guard and runs on {@code dataSource}.
   *
   * @throws SqmException SQL_REJECTED naming the guard's rule, SQL_TOO_EXPENSIVE, SQL_FAILED with
   *     the database's sentence; DATASOURCE_ERROR when the data source cannot be reached at all
   */
  void verify(DataSourceConfig dataSource, String sql);
}
