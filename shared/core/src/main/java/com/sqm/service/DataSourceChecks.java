package com.sqm.service;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.SqmException;
import java.util.List;

/**
 * What the admin API checks against a data source before it registers it or an example for it. A
 * port: the implementation (secret resolution, connecting, the SQL guard) lives with the SQL
 * layers.
 */
public interface DataSourceChecks {
  /**
   * Connects as the data source's role and returns what an admin should hear about it (the role can
   * write, an allowed schema does not exist); empty when all is well.
   *
   * @throws SqmException VALIDATION_ERROR naming {@code connectionRef} when its secret cannot be
   *     resolved or the database cannot be reached; the message never holds the secret
   */
  List<String> connect(DataSourceConfig dataSource);

  /**
   * Returns normally when {@code sql} passes the SQL guard for the data source's schemas.
   *
   * @throws SqmException SQL_REJECTED naming the guard's rule
   */
  void checkTemplateSql(DataSourceConfig dataSource, String sql);
}
