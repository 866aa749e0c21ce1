package com.sqm.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.config.Json;
import com.sqm.model.AuditEntry;
import com.sqm.model.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The audit log in the {@code audit_log} table, which the database keeps append-only. */
public final class JdbcAuditRepository implements AuditRepository {
  private final DataSource dataSource;
  private final ObjectMapper json = Json.mapper();

  public JdbcAuditRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void record(AuditEvent event) {
    String sql =
        "INSERT INTO audit_log (actor, action, data_source_id, query_id, question, sql, outcome,"
            + " error_code, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, event.actor());
      ps.setString(2, event.action().name());
      ps.setString(3, event.dataSourceId());
      ps.setObject(4, event.queryId());
      ps.setString(5, event.question());
      ps.setString(6, event.sql());
      ps.setString(7, event.outcome());
      ps.setString(8, event.errorCode() == null ? null : event.errorCode().name());
      ps.setString(9, event.detail().isEmpty() ? null : json.writeValueAsString(event.detail()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("append to the audit log", e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit detail is not serialisable", e);
    }
  }

  @Override
  public Page<AuditEntry> find(AuditFilter filter, String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    AuditCursor after = cursor == null || cursor.isBlank() ? null : AuditCursor.decode(cursor);
    StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE true");
    List<Object> args = new ArrayList<>();
    if (filter.actor() != null) {
      sql.append(" AND actor = ?");
      args.add(filter.actor());
    }
    if (filter.dataSourceId() != null) {
      sql.append(" AND data_source_id = ?");
      args.add(filter.dataSourceId());
    }
    if (filter.from() != null) {
      sql.append(" AND at >= ?");
      args.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
    }
    if (filter.to() != null) {
      sql.append(" AND at < ?");
      args.add(OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
    }
    if (after != null) {
      sql.append(" AND (at, id) < (?, ?)");
      args.add(OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC));
      args.add(after.id());
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
    args.add(limit + 1);
    List<AuditEntry> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(map(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("read the audit log", e);
    }
    if (rows.size() <= limit) {
      return new Page<>(List.copyOf(rows), null);
    }
    List<AuditEntry> page = List.copyOf(rows.subList(0, limit));
    AuditEntry last = page.get(page.size() - 1);
    return new Page<>(page, new AuditCursor(last.at(), last.id()).encode());
  }

  private AuditEntry map(ResultSet rs) throws SQLException {
    Timestamp at = rs.getTimestamp("at");
    return new AuditEntry(
        rs.getLong("id"),
        at.toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("data_source_id"),
        rs.getObject("query_id", UUID.class),
        rs.getString("question"),
        rs.getString("sql"),
        rs.getString("outcome"),
        rs.getString("error_code"),
        detail(rs.getString("detail")));
  }

  private JsonNode detail(String raw) throws SQLException {
    if (raw == null) {
      return null;
    }
    try {
      return json.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable audit detail", e);
    }
  }
}
