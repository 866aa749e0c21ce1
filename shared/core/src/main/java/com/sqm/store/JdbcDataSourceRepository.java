package com.sqm.store;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link DataSourceRepository} on the {@code data_source} table of Postgres. */
public final class JdbcDataSourceRepository implements DataSourceRepository {
  private final DataSource dataSource;

  public JdbcDataSourceRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<DataSourceConfig> findById(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM data_source WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("read the data source", e);
    }
  }

  @Override
  public List<DataSourceConfig> findAll() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM data_source ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      List<DataSourceConfig> all = new ArrayList<>();
      while (rs.next()) {
        all.add(map(rs));
      }
      return List.copyOf(all);
    } catch (SQLException e) {
      throw new StoreException("list the data sources", e);
    }
  }

  @Override
  public void upsert(DataSourceConfig ds) {
    String sql =
        """
        INSERT INTO data_source (id, name, description, connection_ref, allowed_schemas, enabled,
                                 statement_timeout_ms, max_rows, max_result_bytes, max_cost, max_estimated_rows)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET
          name = EXCLUDED.name, description = EXCLUDED.description,
          connection_ref = EXCLUDED.connection_ref, allowed_schemas = EXCLUDED.allowed_schemas,
          enabled = EXCLUDED.enabled, statement_timeout_ms = EXCLUDED.statement_timeout_ms,
          max_rows = EXCLUDED.max_rows, max_result_bytes = EXCLUDED.max_result_bytes,
          max_cost = EXCLUDED.max_cost, max_estimated_rows = EXCLUDED.max_estimated_rows,
          updated_at = now()
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      DataSourceLimits limits = ds.limits();
      ps.setString(1, ds.id());
      ps.setString(2, ds.name());
      ps.setString(3, ds.description());
      ps.setString(4, ds.connectionRef());
      ps.setArray(5, c.createArrayOf("text", ds.allowedSchemas().toArray()));
      ps.setBoolean(6, ds.enabled());
      ps.setLong(7, limits.statementTimeoutMs());
      ps.setInt(8, limits.maxRows());
      ps.setLong(9, limits.maxResultBytes());
      ps.setDouble(10, limits.maxCost());
      ps.setDouble(11, limits.maxEstimatedRows());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("save the data source", e);
    }
  }

  @Override
  public boolean delete(String id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM data_source WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreException("remove the data source", e);
    }
  }

  private static DataSourceConfig map(ResultSet rs) throws SQLException {
    Array schemas = rs.getArray("allowed_schemas");
    List<String> allowed =
        schemas == null
            ? List.of()
            : Arrays.stream((Object[]) schemas.getArray()).map(String::valueOf).toList();
    return new DataSourceConfig(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("connection_ref"),
        allowed,
        rs.getBoolean("enabled"),
        new DataSourceLimits(
            rs.getLong("statement_timeout_ms"),
            rs.getInt("max_rows"),
            rs.getLong("max_result_bytes"),
            rs.getDouble("max_cost"),
            rs.getDouble("max_estimated_rows")));
  }
}
