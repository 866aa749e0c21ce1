package com.sqm.sql;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.service.DataSourceChecks;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The admin API's checks on the SQL layers: resolves a data source's {@code connectionRef} (through
 * the secret store), connects as its role with {@link DataSourceAccessCheck}, and runs template SQL
 * through the {@link SqlGuard}.
 */
public final class DataSourceConnectionChecks implements DataSourceChecks {
  private final DataSourcePools pools;
  private final DataSourceAccessCheck accessCheck;
  private final SqlGuard guard;

  /** {@code pools} only resolve references here; no pool is opened. */
  public DataSourceConnectionChecks(
      DataSourcePools pools, DataSourceAccessCheck accessCheck, SqlGuard guard) {
    this.pools = pools;
    this.accessCheck = accessCheck;
    this.guard = guard;
  }

  @Override
  public List<String> connect(DataSourceConfig dataSource) {
    DataSourcePools.ConnectionSettings settings;
    try {
      settings = pools.resolve(dataSource.connectionRef());
    } catch (SqmException e) {
      throw refused(e.getMessage());
    }
    DataSourceAccessCheck.Report report;
    try {
      report = accessCheck.inspect(dataSourceFor(settings), dataSource.allowedSchemas());
    } catch (SqmException e) {
      throw refused(scrub(e.getMessage(), settings));
    }
    List<String> warnings = new ArrayList<>();
    for (String schema : report.missingSchemas()) {
      warnings.add("schema '" + schema + "' does not exist in the data source");
    }
    if (report.canWrite()) {
      warnings.add(writeWarning(report));
    }
    return List.copyOf(warnings);
  }

  @Override
  public void checkTemplateSql(DataSourceConfig dataSource, String sql) {
    try {
      guard.check(sql, dataSource.allowedSchemas());
    } catch (SqmException e) {
      throw new SqmException(e.code(), e.getMessage(), "sql");
    }
  }

  static String writeWarning(DataSourceAccessCheck.Report report) {
    List<String> ways = new ArrayList<>();
    if (report.superuser()) {
      ways.add("it is a superuser");
    }
    ways.addAll(report.writePrivileges());
    if (report.unlistedWritePrivileges() > 0) {
      ways.add("and " + report.unlistedWritePrivileges() + " more");
    }
    return "role '"
        + report.role()
        + "' can write to this database ("
        + String.join("; ", ways)
        + "); every query runs read-only, but a dedicated read-only role is safer";
  }

  private static PGSimpleDataSource dataSourceFor(DataSourcePools.ConnectionSettings settings) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(settings.url());
    if (settings.user() != null) {
      ds.setUser(settings.user());
    }
    if (settings.password() != null) {
      ds.setPassword(settings.password());
    }
    for (Map.Entry<String, String> secret : settings.secrets().entrySet()) {
      try {
        ds.setProperty(secret.getKey(), secret.getValue());
      } catch (SQLException e) {
        throw refused("connectionRef sets a driver property the driver does not know");
      }
    }
    int seconds = (int) Math.max(1, DataSourcePools.Settings.DEFAULT_CONNECT_TIMEOUT.toSeconds());
    ds.setConnectTimeout(seconds);
    ds.setLoginTimeout(seconds);
    ds.setApplicationName("sqm-datasource-check");
    return ds;
  }

  /** The driver's sentence without any credential it might quote. */
  private static String scrub(String message, DataSourcePools.ConnectionSettings settings) {
    String text = message == null ? "" : message;
    if (settings.password() != null && !settings.password().isEmpty()) {
      text = text.replace(settings.password(), "***");
    }
    for (String secret : settings.secrets().values()) {
      if (!secret.isEmpty()) {
        text = text.replace(secret, "***");
      }
    }
    return text;
  }

  private static SqmException refused(String why) {
    return new SqmException(
        ErrorCode.VALIDATION_ERROR,
        "connectionRef does not lead to a reachable database: " + why,
        "connectionRef");
  }
}
