package com.sqm.store;

import com.sqm.model.DataResult;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.model.UserQuery;
import com.sqm.model.Visualization;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of user queries and the progress the pipeline records on them. */
public interface QueryRepository {

  /**
   * A new query to store as PENDING; {@code instructions}, {@code parentQueryId} (the query a
   * follow-up builds on) and {@code callbackUrl} (checked; where its webhook goes) may be null.
   */
  record NewQuery(
      String userId,
      String question,
      String dataSourceId,
      QueryOptions options,
      String idempotencyKey,
      String instructions,
      UUID parentQueryId,
      String callbackUrl) {

    public NewQuery(
        String userId,
        String question,
        String dataSourceId,
        QueryOptions options,
        String idempotencyKey,
        String instructions,
        UUID parentQueryId) {
      this(
          userId,
          question,
          dataSourceId,
          options,
          idempotencyKey,
          instructions,
          parentQueryId,
          null);
    }

    public NewQuery(
        String userId,
        String question,
        String dataSourceId,
        QueryOptions options,
        String idempotencyKey) {
      this(userId, question, dataSourceId, options, idempotencyKey, null, null, null);
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

  /**
   * Writes {@code progress} on the query in one statement while the lease named by {@code
   * leaseToken} still holds it. False when it no longer does (another worker took a lapsed lease
   * over, or the query finished): the caller must stop working on the query.
   */
  boolean recordProgress(UUID id, String leaseToken, QueryProgress progress);

  /**
   * Writes {@code progress} with the answer (its rows are {@code progress.result()}) and marks the
   * query COMPLETED, under the lease as in {@link #recordProgress}.
   */
  boolean complete(
      UUID id,
      String leaseToken,
      QueryProgress progress,
      String summary,
      Visualization visualization);

  /** Writes {@code progress} and marks the query FAILED, under the lease as in recordProgress. */
  boolean fail(UUID id, String leaseToken, QueryProgress progress, QueryError error);

  /**
   * Writes {@code progress} and hands the query back: the lease lapses after {@code holdFor} (zero:
   * now), so the next delivery after that takes it over and resumes from its checkpoints. {@code
   * refundAttempt} uncounts this attempt (the worker ran out of time, which is not the query's
   * doing).
   */
  boolean release(
      UUID id, String leaseToken, QueryProgress progress, boolean refundAttempt, Duration holdFor);

  /**
   * Stores the answer and marks the query COMPLETED without a lease (for writers that hold none),
   * unless it already finished: the first outcome stays.
   */
  void complete(UUID id, DataResult result, String summary, Visualization visualization);

  /**
   * Marks the unfinished query FAILED with an error the caller can act on, without a lease (for
   * writers that hold none, such as a sweeper giving up on a query); the first outcome stays.
   */
  void fail(UUID id, QueryError error);
}
