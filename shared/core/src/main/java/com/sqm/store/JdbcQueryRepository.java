package com.sqm.store;

import com.sqm.config.Json;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryStatus;
import com.sqm.model.UserQuery;
import com.sqm.model.Visualization;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link QueryRepository} on the {@code user_query} table of Postgres. */
public final class JdbcQueryRepository implements QueryRepository {
  /**
   * Largest serialised result stored; bigger results keep their first rows and are marked
   * truncated.
   */
  public static final int MAX_STORED_RESULT_BYTES = 2 * 1024 * 1024;

  private final DataSource dataSource;
  private final UserQueryRows mapper = new UserQueryRows(Json.mapper());

  public JdbcQueryRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Inserts the query and its unsent {@code query_outbox} record in one transaction, so a query is
   * never stored without the record that gets it to the worker. A repeated idempotency key inserts
   * nothing and returns the stored query.
   */
  @Override
  public Inserted insert(NewQuery query) {
    return Transactions.inTransaction(
        dataSource,
        "store the query",
        c -> {
          Inserted inserted = insert(c, query);
          if (inserted.created()) {
            JdbcOutboxRepository.insertRecord(c, inserted.query().id());
          }
          return inserted;
        });
  }

  private Inserted insert(Connection c, NewQuery query) throws SQLException {
    String sql =
        """
        INSERT INTO user_query (id, user_id, question, data_source_id, options, idempotency_key,
                                instructions, parent_query_id, callback_url)
        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
        ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING *
        """;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, UUID.randomUUID());
      ps.setString(2, query.userId());
      ps.setString(3, query.question());
      ps.setString(4, query.dataSourceId());
      ps.setString(5, mapper.toJson(query.options()));
      ps.setString(6, query.idempotencyKey());
      ps.setString(7, query.instructions());
      ps.setObject(8, query.parentQueryId());
      ps.setString(9, query.callbackUrl());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return new Inserted(mapper.map(rs), true);
        }
      }
    }
    // The key was seen before: DO NOTHING waited for the other insert to commit, so the row is
    // visible.
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM user_query WHERE user_id = ? AND idempotency_key = ?")) {
      ps.setString(1, query.userId());
      ps.setString(2, query.idempotencyKey());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("idempotent insert conflicted but no row found");
        }
        return new Inserted(mapper.map(rs), false);
      }
    }
  }

  @Override
  public Optional<UserQuery> findById(UUID id) {
    return queryOne(
        "read the query", "SELECT * FROM user_query WHERE id = ?", ps -> ps.setObject(1, id));
  }

  @Override
  public Page<UserQuery> findByUser(String userId, String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    QueryCursor after = cursor == null || cursor.isBlank() ? null : QueryCursor.decode(cursor);
    String sql =
        after == null
            ? "SELECT * FROM user_query WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"
            : "SELECT * FROM user_query WHERE user_id = ? AND (created_at, id) < (?, ?)"
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
    List<UserQuery> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, userId);
      if (after != null) {
        ps.setObject(i++, OffsetDateTime.ofInstant(after.createdAt(), java.time.ZoneOffset.UTC));
        ps.setObject(i++, after.id());
      }
      ps.setInt(i, limit + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("list the user's queries", e);
    }
    if (rows.size() <= limit) {
      return new Page<>(List.copyOf(rows), null);
    }
    List<UserQuery> page = List.copyOf(rows.subList(0, limit));
    UserQuery last = page.get(page.size() - 1);
    return new Page<>(page, new QueryCursor(last.createdAt(), last.id()).encode());
  }

  @Override
  public List<UUID> findUnfinishedIds(int limit) {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM user_query WHERE status IN ('PENDING', 'PROCESSING')"
                    + " ORDER BY created_at, id LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("list unfinished queries", e);
    }
    return List.copyOf(ids);
  }

  @Override
  public Claim claim(UUID id, Duration lease) {
    String token = UUID.randomUUID().toString();
    Optional<UserQuery> granted =
        queryOne(
            "claim the query",
            """
            UPDATE user_query
               SET status = 'PROCESSING', attempts = attempts + 1, lease_owner = ?,
                   lease_until = clock_timestamp() + ? * interval '1 millisecond',
                   updated_at = clock_timestamp()
             WHERE id = ?
               AND (status = 'PENDING'
                    OR (status = 'PROCESSING'
                        AND (lease_until IS NULL OR lease_until <= clock_timestamp())))
            RETURNING *
            """,
            ps -> {
              ps.setString(1, token);
              ps.setLong(2, Math.max(1, lease.toMillis()));
              ps.setObject(3, id);
            });
    if (granted.isPresent()) {
      return new Claim.Granted(granted.get(), token);
    }
    // Rare (a duplicate delivery): tell a live lease from a finished or unknown query.
    Optional<UserQuery> current = findById(id);
    return current.isPresent() && current.get().status() == QueryStatus.PROCESSING
        ? new Claim.Held()
        : new Claim.Finished();
  }

  @Override
  public int releaseLeases() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE user_query SET lease_until = clock_timestamp()"
                    + " WHERE status = 'PROCESSING' AND lease_until > clock_timestamp()")) {
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("release the leases", e);
    }
  }

  /** The columns {@link QueryProgress} holds, in the order {@link #bindProgress} binds them. */
  private static final String PROGRESS_COLUMNS =
      """
      stage_timings = ?::jsonb, analysis = ?::jsonb, generated_sql = ?, drafts = ?,
      sql_attempts = ?::jsonb, engine = ?, stage_usage = ?::jsonb, prompt_tokens = ?,
      completion_tokens = ?, estimated_cost_usd = ?, result = COALESCE(?::jsonb, result),
      interpretation = COALESCE(?::jsonb, interpretation),
      updated_at = clock_timestamp()
      """;

  private static final String UNDER_LEASE =
      " WHERE id = ? AND lease_owner = ? AND status = 'PROCESSING'";

  @Override
  public boolean recordProgress(UUID id, String leaseToken, QueryProgress progress) {
    return updateUnderLease(
        "record the progress",
        "UPDATE user_query SET stage = ?, " + PROGRESS_COLUMNS + UNDER_LEASE,
        id,
        leaseToken,
        ps -> {
          ps.setString(1, progress.stage().name());
          return bindProgress(ps, 2, progress);
        });
  }

  @Override
  public boolean complete(
      UUID id,
      String leaseToken,
      QueryProgress progress,
      String summary,
      Visualization visualization) {
    return updateUnderLease(
        "store the answer",
        "UPDATE user_query SET "
            + PROGRESS_COLUMNS
            + """
            , status = 'COMPLETED', stage = 'DONE', summary = ?, visualization = ?::jsonb,
              error_code = NULL, error_message = NULL, error_field = NULL, lease_until = NULL,
              completed_at = clock_timestamp()
            """
            + UNDER_LEASE,
        id,
        leaseToken,
        ps -> {
          int i = bindProgress(ps, 1, progress);
          ps.setString(i++, summary);
          ps.setString(i++, mapper.toJson(visualization));
          return i;
        });
  }

  @Override
  public boolean fail(UUID id, String leaseToken, QueryProgress progress, QueryError error) {
    return updateUnderLease(
        "record the failure",
        "UPDATE user_query SET stage = ?, "
            + PROGRESS_COLUMNS
            + """
            , status = 'FAILED', error_code = ?, error_message = ?, error_field = ?,
              lease_until = NULL, completed_at = clock_timestamp()
            """
            + UNDER_LEASE,
        id,
        leaseToken,
        ps -> {
          ps.setString(1, progress.stage().name());
          int i = bindProgress(ps, 2, progress);
          ps.setString(i++, codeOf(error));
          ps.setString(i++, error.message());
          ps.setString(i++, error.field());
          return i;
        });
  }

  @Override
  public boolean release(
      UUID id, String leaseToken, QueryProgress progress, boolean refundAttempt, Duration holdFor) {
    return updateUnderLease(
        "hand the query back",
        "UPDATE user_query SET stage = ?, "
            + PROGRESS_COLUMNS
            + ", lease_until = clock_timestamp() + ? * interval '1 millisecond',"
            + " attempts = greatest(0, attempts - ?)"
            + UNDER_LEASE,
        id,
        leaseToken,
        ps -> {
          ps.setString(1, progress.stage().name());
          int i = bindProgress(ps, 2, progress);
          ps.setLong(i++, Math.max(0, holdFor.toMillis()));
          ps.setInt(i++, refundAttempt ? 1 : 0);
          return i;
        });
  }

  private int bindProgress(PreparedStatement ps, int first, QueryProgress p) throws SQLException {
    int i = first;
    ps.setString(i++, mapper.toJson(p.stageTimingsMs()));
    ps.setString(i++, mapper.toJson(p.analysis()));
    ps.setString(i++, p.sql());
    ps.setInt(i++, p.drafts());
    ps.setString(i++, mapper.toJson(p.sqlAttempts()));
    ps.setString(i++, p.engine());
    ps.setString(i++, mapper.toJson(p.stageUsage()));
    ps.setLong(i++, p.totalUsage().promptTokens());
    ps.setLong(i++, p.totalUsage().completionTokens());
    ps.setBigDecimal(i++, BigDecimal.valueOf(p.totalUsage().estimatedCostUsd()));
    ps.setString(i++, mapper.toJson(capped(p.result())));
    ps.setString(i++, p.interpretation());
    return i;
  }

  private boolean updateUnderLease(
      String operation, String sql, UUID id, String leaseToken, IndexedBinder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = binder.bind(ps);
      ps.setObject(i++, id);
      ps.setString(i, leaseToken);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException(operation, e);
    }
  }

  private static String codeOf(QueryError error) {
    return error.code() == null ? ErrorCode.INTERNAL_ERROR.name() : error.code().name();
  }

  @Override
  public void complete(UUID id, DataResult result, String summary, Visualization visualization) {
    update(
        "store the answer",
        """
        UPDATE user_query
           SET status = 'COMPLETED', stage = 'DONE', result = ?::jsonb, summary = ?,
               visualization = ?::jsonb, error_code = NULL, error_message = NULL, error_field = NULL,
               updated_at = clock_timestamp(), completed_at = clock_timestamp()
         WHERE id = ? AND status IN ('PENDING', 'PROCESSING')
        """,
        ps -> {
          ps.setString(1, mapper.toJson(capped(result)));
          ps.setString(2, summary);
          ps.setString(3, mapper.toJson(visualization));
          ps.setObject(4, id);
        });
  }

  @Override
  public void fail(UUID id, QueryError error) {
    update(
        "record the failure",
        """
        UPDATE user_query
           SET status = 'FAILED', error_code = ?, error_message = ?, error_field = ?,
               updated_at = clock_timestamp(), completed_at = clock_timestamp()
         WHERE id = ? AND status IN ('PENDING', 'PROCESSING')
        """,
        ps -> {
          ps.setString(1, codeOf(error));
          ps.setString(2, error.message());
          ps.setString(3, error.field());
          ps.setObject(4, id);
        });
  }

  /**
   * Keeps the leading rows of a result whose JSON would exceed {@link #MAX_STORED_RESULT_BYTES}.
   */
  DataResult capped(DataResult result) {
    if (result == null || mapper.jsonBytes(result) <= MAX_STORED_RESULT_BYTES) {
      return result;
    }
    List<List<Object>> rows = result.rows();
    int keep = rows.size();
    DataResult candidate = result;
    while (keep > 0 && mapper.jsonBytes(candidate) > MAX_STORED_RESULT_BYTES) {
      keep /= 2;
      candidate = new DataResult(result.columns(), rows.subList(0, keep), keep, true);
    }
    return candidate;
  }

  private Optional<UserQuery> queryOne(String operation, String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException(operation, e);
    }
  }

  private void update(String operation, String sql, Binder binder) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(operation, e);
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Binds leading parameters and returns the index of the next one. */
  @FunctionalInterface
  private interface IndexedBinder {
    int bind(PreparedStatement ps) throws SQLException;
  }
}
