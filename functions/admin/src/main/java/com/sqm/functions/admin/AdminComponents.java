package com.sqm.functions.admin;

import com.sqm.config.ContainerComponents;
import com.sqm.service.DataSourceAdminService;
import com.sqm.sql.DataSourceAccessCheck;
import com.sqm.sql.DataSourceConnectionChecks;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.SqlGuard;

/**
 * The admin service of a Lambda container, built once on first use: the container's core components
 * plus the SQL layers' checks (secrets from Secrets Manager, the SQL guard).
 */
final class AdminComponents {
  private AdminComponents() {}

  static DataSourceAdminService service() {
    return Holder.SERVICE;
  }

  private static final class Holder {
    static final DataSourceAdminService SERVICE =
        ContainerComponents.get()
            .dataSourceAdminService(
                new DataSourceConnectionChecks(
                    new DataSourcePools(System::getenv),
                    new DataSourceAccessCheck(),
                    new SqlGuard()));
  }
}
