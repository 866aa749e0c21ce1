package com.sqm.store;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import com.sqm.model.UserQuery;
import com.sqm.model.Visualization;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of user queries and the progress the pipeline records on them. */
public interface QueryRepository {

  /**
   * A new query to store as PENDING; {@code instructions} and {@code parentQueryId} (the query a
   * follow-up builds on) may be null.
   */
  record NewQuery(
      String userId,
      String question,
      String dataSourceId,
      QueryOptions options,
      String idempotencyKey,
      String instructions,
      UUID parentQueryId) {

    public NewQuery(
        String userId,
        String question,
        String dataSourceId,
        QueryOptions options,
        String idempotencyKey) {
      this(userId, question, dataSourceId, options, idempotencyKey, null, null);
    }
  }

  /** The stored row and whether this call created it (false: same idempotency key seen before). */
  record Inserted(UserQuery query, boolean created) {}

  Inserted insert(NewQuery query);

  Optional<UserQuery> findById(UUID id);

  /** A user's queries, newest first, starting after {@code cursor} (null for the first page). */
  Page<UserQuery> findByUser(String userId, String cursor, int limit);

  /**
   * Ids of queries not yet finished (PENDING or PROCESSING), oldest first, at most {@code limit}.
   */
  List<UUID> findUnfinishedIds(int limit);

  /** What a worker's claim on a query found. */
  sealed interface Claim {
    /**
     * The query is this worker's for the lease; its writes name {@code leaseToken}, and stop
     * counting once another worker has taken over a lapsed lease.
     */
    record Granted(UserQuery query, String leaseToken) implements Claim {}

    /** Another worker holds a lease that has not lapsed: this delivery has nothing to do. */
    record Held() implements Claim {}

    /** The id is unknown or the query already finished. */
    record Finished() implements Claim {}
  }

  /**
   * Claims a PENDING query, or a PROCESSING one whose lease lapsed, in one conditional UPDATE: it
   * becomes PROCESSING under a new lease of {@code lease} and its attempt is counted.
   */
  Claim claim(UUID id, Duration lease);

  /**
   * Lets every lease lapse now, so the next delivery can take its query over; for the local runner
   * at start, when the process that held them is gone. Returns how many there were.
   */
  int releaseLeases();

  /** Records that the unfinished query entered {@code stage}; a finished query keeps its stage. */
  void markStage(UUID id, QueryStage stage);

  /** Records how long a finished stage took. */
  void recordStageTiming(UUID id, QueryStage stage, long millis);

  /**
   * Stores the analysis; {@code usage} is added to the query's totals only. An engine that reports
   * usage per stage passes it to {@link #recordUsage} instead (and null here), or it is counted
   * twice.
   */
  void saveAnalysis(UUID id, AIAnalysis analysis, TokenUsage usage);

  /** Stores the SQL that will run; {@code usage} as in {@link #saveAnalysis}. */
  void saveSql(UUID id, String sql, TokenUsage usage);

  /** Appends one SQL attempt (the engine's SQL and what became of it) to the query's list. */
  void recordSqlAttempt(UUID id, SqlAttempt attempt);

  /**
   * Adds a stage's model usage (tokens and estimated cost) to the query's per-stage and total
   * figures, and records the engine that answered.
   */
  void recordUsage(UUID id, QueryStage stage, String engine, TokenUsage usage);

  /**
   * Stores the answer and marks the query COMPLETED, unless it already finished: the first outcome
   * stays, so a second, concurrent delivery of the same message cannot overwrite it.
   */
  void complete(UUID id, DataResult result, String summary, Visualization visualization);

  /**
   * Marks the unfinished query FAILED with an error the caller can act on (see {@link #complete}).
   */
  void fail(UUID id, QueryError error);
}
