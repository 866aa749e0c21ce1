package com.sqm.store;

import com.sqm.api.QueryAccepted;
import com.sqm.events.CompletionDetail;
import com.sqm.events.CompletionEvent;
import com.sqm.events.EventPublishException;
import com.sqm.model.QueryStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link CompletionEventRepository} on the {@code completion_event} table of Postgres. */
public final class JdbcCompletionEventRepository implements CompletionEventRepository {
  static final int MAX_ERROR_LENGTH = 500;

  /** The event's columns and its query's, in the order {@link #event} reads them. */
  private static final String EVENT_COLUMNS =
      "e.id, e.detail_type, e.created_at, q.id, q.user_id, q.data_source_id, q.status,"
          + " q.summary, q.error_code, q.error_message, q.completed_at";

  private final DataSource dataSource;

  public JdbcCompletionEventRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<StoredEvent> findByQuery(UUID queryId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + EVENT_COLUMNS
                    + ", e.published_at, e.publish_attempts, e.publish_error, e.callback_url,"
                    + " e.webhook_due_at, e.webhook_attempts, e.webhook_delivered_at,"
                    + " e.webhook_error"
                    + " FROM completion_event e JOIN user_query q ON q.id = e.query_id"
                    + " WHERE e.query_id = ?")) {
      ps.setObject(1, queryId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new StoredEvent(
                event(rs),
                instant(rs.getTimestamp(12)),
                rs.getInt(13),
                rs.getString(14),
                rs.getString(15),
                instant(rs.getTimestamp(16)),
                rs.getInt(17),
                instant(rs.getTimestamp(18)),
                rs.getString(19)));
      }
    } catch (SQLException e) {
      throw new StoreException("read the completion event", e);
    }
  }

  @Override
  public Batch publishFor(UUID queryId, Publisher publisher) {
    return publishLocked(
        "SELECT "
            + EVENT_COLUMNS
            + " FROM completion_event e JOIN user_query q ON q.id = e.query_id"
            + " WHERE e.query_id = ? AND e.published_at IS NULL"
            + " FOR UPDATE OF e SKIP LOCKED",
        ps -> ps.setObject(1, queryId),
        publisher);
  }

  @Override
  public Batch publishUnpublished(Instant createdBefore, int limit, Publisher publisher) {
    return publishLocked(
        "SELECT "
            + EVENT_COLUMNS
            + " FROM completion_event e JOIN user_query q ON q.id = e.query_id"
            + " WHERE e.published_at IS NULL AND e.created_at <= ?"
            + " ORDER BY e.created_at LIMIT ?"
            + " FOR UPDATE OF e SKIP LOCKED",
        ps -> {
          ps.setObject(1, timestamp(createdBefore));
          ps.setInt(2, limit);
        },
        publisher);
  }

  private Batch publishLocked(String select, Binder binder, Publisher publisher) {
    return Transactions.inTransaction(
        dataSource,
        "publish the completion events",
        c -> {
          List<CompletionEvent> events = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(select)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                events.add(event(rs));
              }
            }
          }
          return events.isEmpty() ? new Batch(0, 0, 0) : publish(c, events, publisher);
        });
  }

  private static Batch publish(Connection c, List<CompletionEvent> events, Publisher publisher)
      throws SQLException {
    Map<UUID, String> failed;
    try {
      failed = publisher.publish(events);
    } catch (EventPublishException e) {
      for (CompletionEvent event : events) {
        recordPublishFailure(c, event.id(), e.getMessage());
      }
      return new Batch(0, events.size(), events.size());
    }
    int published = 0;
    for (CompletionEvent event : events) {
      String error = failed.get(event.id());
      if (error == null) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE completion_event SET published_at = clock_timestamp(),"
                    + " publish_attempts = publish_attempts + 1, publish_error = NULL"
                    + " WHERE id = ?")) {
          ps.setObject(1, event.id());
          ps.executeUpdate();
        }
        published++;
      } else {
        recordPublishFailure(c, event.id(), error);
      }
    }
    return new Batch(published, events.size() - published, events.size());
  }

  private static void recordPublishFailure(Connection c, UUID eventId, String error)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE completion_event SET publish_attempts = publish_attempts + 1,"
                + " publish_error = ? WHERE id = ?")) {
      ps.setString(1, shortened(error));
      ps.setObject(2, eventId);
      ps.executeUpdate();
    }
  }

  @Override
  public Optional<WebhookDelivery> claimFirstWebhook(UUID queryId, Instant claimUntil) {
    List<WebhookDelivery> claimed =
        claim(
            "SELECT id FROM completion_event WHERE query_id = ? AND webhook_due_at IS NOT NULL"
                + " AND webhook_attempts = 0 FOR UPDATE SKIP LOCKED",
            claimUntil,
            ps -> ps.setObject(2, queryId));
    return claimed.stream().findFirst();
  }

  @Override
  public List<WebhookDelivery> claimDueWebhooks(Instant now, Instant claimUntil, int limit) {
    return claim(
        "SELECT id FROM completion_event WHERE webhook_due_at <= ?"
            + " ORDER BY webhook_due_at LIMIT ? FOR UPDATE SKIP LOCKED",
        claimUntil,
        ps -> {
          ps.setObject(2, timestamp(now));
          ps.setInt(3, limit);
        });
  }

  /** Moves the due time of the rows {@code select} picks to {@code claimUntil}, counting a try. */
  private List<WebhookDelivery> claim(String select, Instant claimUntil, Binder binder) {
    String sql =
        "UPDATE completion_event e SET webhook_due_at = ?,"
            + " webhook_attempts = e.webhook_attempts + 1"
            + " FROM user_query q WHERE q.id = e.query_id AND e.id IN ("
            + select
            + ") RETURNING "
            + EVENT_COLUMNS
            + ", e.callback_url, e.webhook_attempts";
    List<WebhookDelivery> claimed = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, timestamp(claimUntil));
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          claimed.add(new WebhookDelivery(event(rs), rs.getString(12), rs.getInt(13)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("claim the webhooks", e);
    }
    return claimed;
  }

  @Override
  public void webhookDelivered(UUID eventId, Instant at) {
    update(
        "UPDATE completion_event SET webhook_delivered_at = ?, webhook_due_at = NULL,"
            + " webhook_error = NULL WHERE id = ?",
        ps -> {
          ps.setObject(1, timestamp(at));
          ps.setObject(2, eventId);
        });
  }

  @Override
  public void webhookFailed(UUID eventId, String error, Instant nextAttemptAt) {
    update(
        "UPDATE completion_event SET webhook_due_at = ?, webhook_error = ? WHERE id = ?",
        ps -> {
          ps.setObject(1, nextAttemptAt == null ? null : timestamp(nextAttemptAt));
          ps.setString(2, shortened(error));
          ps.setObject(3, eventId);
        });
  }

  private void update(String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("record the webhook attempt", e);
    }
  }

  /** The event of the row at {@link #EVENT_COLUMNS}' positions 1 to 11. */
  private static CompletionEvent event(ResultSet rs) throws SQLException {
    UUID eventId = rs.getObject(1, UUID.class);
    UUID queryId = rs.getObject(4, UUID.class);
    QueryStatus status = QueryStatus.valueOf(rs.getString(7));
    String errorCode = rs.getString(9);
    CompletionDetail.Error error =
        status == QueryStatus.FAILED
            ? new CompletionDetail.Error(errorCode, rs.getString(10))
            : null;
    return new CompletionEvent(
        eventId,
        rs.getString(2),
        instant(rs.getTimestamp(3)),
        new CompletionDetail(
            eventId,
            queryId,
            rs.getString(5),
            rs.getString(6),
            status,
            status == QueryStatus.COMPLETED ? rs.getString(8) : null,
            error,
            Map.of("self", QueryAccepted.selfLink(queryId)),
            instant(rs.getTimestamp(11))));
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String shortened(String error) {
    String text = error == null || error.isBlank() ? "failed" : error;
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }
}
