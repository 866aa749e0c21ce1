package com.sqm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/** {@link DataSourceGrantRepository} on the {@code data_source_grant} table of Postgres. */
public final class JdbcDataSourceGrantRepository implements DataSourceGrantRepository {
  private final DataSource dataSource;

  public JdbcDataSourceGrantRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Grant grant(String dataSourceId, String principal, String grantedBy) {
    // DO UPDATE of nothing, so RETURNING answers the row that was already there too.
    String sql =
        """
        INSERT INTO data_source_grant (data_source_id, principal, granted_by)
        VALUES (?, ?, ?)
        ON CONFLICT (data_source_id, principal) DO UPDATE SET principal = EXCLUDED.principal
        RETURNING *
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, dataSourceId);
      ps.setString(2, principal);
      ps.setString(3, grantedBy);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return map(rs);
      }
    } catch (SQLException e) {
      throw new StoreException("save the grant", e);
    }
  }

  @Override
  public boolean revoke(String dataSourceId, String principal) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM data_source_grant WHERE data_source_id = ? AND principal = ?")) {
      ps.setString(1, dataSourceId);
      ps.setString(2, principal);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreException("remove the grant", e);
    }
  }

  @Override
  public List<Grant> grantsOf(String dataSourceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT * FROM data_source_grant WHERE data_source_id = ? ORDER BY principal")) {
      ps.setString(1, dataSourceId);
      try (ResultSet rs = ps.executeQuery()) {
        List<Grant> grants = new ArrayList<>();
        while (rs.next()) {
          grants.add(map(rs));
        }
        return List.copyOf(grants);
      }
    } catch (SQLException e) {
      throw new StoreException("list the grants", e);
    }
  }

  @Override
  public Set<String> grantedTo(Collection<String> principals) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT data_source_id FROM data_source_grant"
                    + " WHERE principal = ANY (?::text[])")) {
      ps.setArray(1, c.createArrayOf("text", principals.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        Set<String> ids = new HashSet<>();
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
        return Set.copyOf(ids);
      }
    } catch (SQLException e) {
      throw new StoreException("read the grants", e);
    }
  }

  private static Grant map(ResultSet rs) throws SQLException {
    Timestamp at = rs.getTimestamp("granted_at");
    return new Grant(
        rs.getString("data_source_id"),
        rs.getString("principal"),
        rs.getString("granted_by"),
        at == null ? null : at.toInstant());
  }
}
