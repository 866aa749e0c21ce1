package com.sqm.sql;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connects to a data source as the role it is registered with and reports what that role could do
 * beyond reading: a data source should be read through a role that cannot write (see {@link
 * ReaderRoleGrants}), so registering one that can deserves a warning.
 */
public final class DataSourceAccessCheck {
  /** At most this many write privileges are listed; the rest are counted. */
  static final int MAX_LISTED = 20;

  private static final int CONNECT_TIMEOUT_SECONDS =
      (int) DataSourcePools.Settings.DEFAULT_CONNECT_TIMEOUT.toSeconds();

  /**
   * What the role can reach: who it is, the server's version, the allowed schemas that do not
   * exist, and every way it could write ({@code superuser}, {@code INSERT on public.orders}, {@code
   * CREATE on schema public}).
   */
  public record Report(
      String role,
      String serverVersion,
      boolean superuser,
      List<String> writePrivileges,
      int unlistedWritePrivileges,
      List<String> missingSchemas) {
    public boolean canWrite() {
      return superuser || !writePrivileges.isEmpty();
    }
  }

  /**
   * Connects with {@code jdbcUrl} (credentials in its parameters) and inspects the role.
   *
   * @throws SqmException DATASOURCE_ERROR with the driver's sentence when it cannot connect
   */
  public Report inspect(String jdbcUrl, List<String> schemas) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(jdbcUrl);
    dataSource.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    dataSource.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    dataSource.setApplicationName("sqm-datasource-check");
    return inspect(dataSource, schemas);
  }

  /** As {@link #inspect(String, List)}, on connections from {@code dataSource}. */
  public Report inspect(DataSource dataSource, List<String> schemas) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          "cannot connect to the data source: " + e.getMessage(),
          "jdbcUrl");
    }
    try (Connection c = connection) {
      c.setReadOnly(true);
      String role;
      boolean superuser;
      String version;
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT current_user, r.rolsuper, current_setting('server_version')"
                      + " FROM pg_roles r WHERE r.rolname = current_user");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        role = rs.getString(1);
        superuser = rs.getBoolean(2);
        version = rs.getString(3);
      }
      Array names = c.createArrayOf("text", schemas.toArray());
      List<String> missing = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT s FROM unnest(?::text[]) s"
                  + " WHERE NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = s)"
                  + " ORDER BY s")) {
        ps.setArray(1, names);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            missing.add(rs.getString(1));
          }
        }
      }
      List<String> privileges = new ArrayList<>();
      int total = 0;
      try (PreparedStatement ps = c.prepareStatement(WRITE_PRIVILEGES)) {
        ps.setArray(1, names);
        ps.setArray(2, names);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            total++;
            if (privileges.size() < MAX_LISTED) {
              privileges.add(rs.getString(1));
            }
          }
        }
      }
      return new Report(
          role,
          version,
          superuser,
          List.copyOf(privileges),
          total - privileges.size(),
          List.copyOf(missing));
    } catch (SQLException e) {
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          "cannot inspect the data source's role: " + e.getMessage(),
          "jdbcUrl");
    }
  }

  /**
   * Table privileges that change data (direct, through a group role or PUBLIC) and CREATE on the
   * schemas; has_*_privilege answers for the current role as the server would enforce it.
   */
  private static final String WRITE_PRIVILEGES =
      """
      SELECT p.privilege || ' on ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p(privilege)
       WHERE n.nspname = ANY (?::text[])
         AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         AND has_table_privilege(c.oid, p.privilege)
      UNION ALL
      SELECT 'CREATE on schema ' || quote_ident(n.nspname)
        FROM pg_namespace n
       WHERE n.nspname = ANY (?::text[])
         AND has_schema_privilege(n.oid, 'CREATE')
       ORDER BY 1
      """;
}
