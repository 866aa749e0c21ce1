package com.sqm.store;

import com.sqm.model.SqmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link OutboxRepository} on the {@code query_outbox} table of Postgres. */
public final class JdbcOutboxRepository implements OutboxRepository {
  /** The {@code last_error} column's limit. */
  static final int MAX_ERROR_LENGTH = 500;

  private final DataSource dataSource;

  public JdbcOutboxRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Writes the unsent record of a query just inserted, on the insert's connection. */
  static void insertRecord(Connection c, UUID queryId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO query_outbox (query_id) VALUES (?)")) {
      ps.setObject(1, queryId);
      ps.executeUpdate();
    }
  }

  @Override
  public Optional<OutboxRecord> find(UUID queryId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT query_id, created_at, sent_at, send_attempts, last_error"
                    + " FROM query_outbox WHERE query_id = ?")) {
      ps.setObject(1, queryId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new OutboxRecord(
                rs.getObject(1, UUID.class),
                instant(rs.getTimestamp(2)),
                instant(rs.getTimestamp(3)),
                rs.getInt(4),
                rs.getString(5)));
      }
    } catch (SQLException e) {
      throw new StoreException("read the outbox record", e);
    }
  }

  @Override
  public void markSent(UUID queryId) {
    try (Connection c = dataSource.getConnection()) {
      markSent(c, queryId);
    } catch (SQLException e) {
      throw new StoreException("mark the outbox record sent", e);
    }
  }

  @Override
  public void recordFailure(UUID queryId, String error) {
    try (Connection c = dataSource.getConnection()) {
      recordFailure(c, queryId, error);
    } catch (SQLException e) {
      throw new StoreException("record the failed send", e);
    }
  }

  @Override
  public Batch sendUnsent(Duration grace, int limit, Sender sender) {
    return Transactions.inTransaction(
        dataSource, "send the unsent outbox records", c -> sendLocked(c, grace, limit, sender));
  }

  private static Batch sendLocked(Connection c, Duration grace, int limit, Sender sender)
      throws SQLException {
    List<UUID> ids = new ArrayList<>();
    List<UUID> finished = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT o.query_id, q.status IN ('COMPLETED', 'FAILED')
              FROM query_outbox o JOIN user_query q ON q.id = o.query_id
             WHERE o.sent_at IS NULL
               AND o.created_at <= clock_timestamp() - ? * interval '1 millisecond'
             ORDER BY o.created_at
             LIMIT ?
               FOR UPDATE OF o SKIP LOCKED
            """)) {
      ps.setLong(1, Math.max(0, grace.toMillis()));
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          ids.add(id);
          if (rs.getBoolean(2)) {
            finished.add(id);
          }
        }
      }
    }
    int sent = 0;
    for (UUID id : ids) {
      // A query answered meanwhile (e.g. re-enqueued directly by the local runner's recovery)
      // needs no message: its record is closed without one.
      if (!finished.contains(id)) {
        try {
          sender.send(id);
        } catch (SqmException e) {
          recordFailure(c, id, e.getMessage());
          return new Batch(sent, 1, ids.size());
        }
        sent++;
      }
      markSent(c, id);
    }
    return new Batch(sent, 0, ids.size());
  }

  @Override
  public int rearmLost(Duration unclaimedAfter) {
    // A concurrent sweeper's UPDATE waits on the rows this one changed and then finds them no
    // longer matching (sent_at is null), so a record is re-armed once.
    String rearm =
        """
        UPDATE query_outbox o SET sent_at = NULL
          FROM user_query q
         WHERE q.id = o.query_id
           AND ((q.status = 'PROCESSING' AND q.lease_until <= clock_timestamp()
                 AND o.sent_at < q.lease_until)
             OR (q.status = 'PENDING'
                 AND o.sent_at <= clock_timestamp() - ? * interval '1 millisecond'))
        """;
    String missing =
        """
        INSERT INTO query_outbox (query_id, created_at)
        SELECT q.id, q.created_at FROM user_query q
         WHERE ((q.status = 'PROCESSING' AND q.lease_until <= clock_timestamp())
             OR (q.status = 'PENDING'
                 AND q.created_at <= clock_timestamp() - ? * interval '1 millisecond'))
           AND NOT EXISTS (SELECT 1 FROM query_outbox o WHERE o.query_id = q.id)
        ON CONFLICT (query_id) DO NOTHING
        """;
    long millis = Math.max(0, unclaimedAfter.toMillis());
    try (Connection c = dataSource.getConnection()) {
      int rearmed = 0;
      for (String sql : List.of(rearm, missing)) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setLong(1, millis);
          rearmed += ps.executeUpdate();
        }
      }
      return rearmed;
    } catch (SQLException e) {
      throw new StoreException("re-arm lost queries", e);
    }
  }

  private static void markSent(Connection c, UUID queryId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE query_outbox SET sent_at = clock_timestamp(),"
                + " send_attempts = send_attempts + 1, last_error = NULL"
                + " WHERE query_id = ? AND sent_at IS NULL")) {
      ps.setObject(1, queryId);
      ps.executeUpdate();
    }
  }

  private static void recordFailure(Connection c, UUID queryId, String error) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE query_outbox SET send_attempts = send_attempts + 1, last_error = ?"
                + " WHERE query_id = ? AND sent_at IS NULL")) {
      ps.setString(1, shortened(error));
      ps.setObject(2, queryId);
      ps.executeUpdate();
    }
  }

  private static String shortened(String error) {
    String text = error == null || error.isBlank() ? "send failed" : error;
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
