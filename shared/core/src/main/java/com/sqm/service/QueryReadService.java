package com.sqm.service;

import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryListItem;
import com.sqm.model.QueryResponse;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.SqmException;
import com.sqm.model.UserQuery;
import com.sqm.store.Page;
import com.sqm.store.QueryChanges;
import com.sqm.store.QueryRepository;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads queries for their owner. Someone else's query, or someone else's history, answers NOT_FOUND
 * exactly like an unknown id, so callers cannot probe which ids or users exist.
 */
public final class QueryReadService {
  private static final Logger log = LoggerFactory.getLogger(QueryReadService.class);
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  /**
   * How often a waiting request re-reads its row even without a notification, so a lost one only
   * delays the answer.
   */
  public static final Duration DEFAULT_RECHECK_EVERY = Duration.ofSeconds(5);

  private final QueryRepository queries;
  private final QueryChanges changes;
  private final Duration recheckEvery;

  /** Without progress notifications: a wait answers at once. */
  public QueryReadService(QueryRepository queries) {
    this(queries, QueryChanges.NONE, DEFAULT_RECHECK_EVERY);
  }

  /**
   * Waits for progress on {@code changes}' signals, re-reading the row at least every {@code
   * recheckEvery}.
   */
  public QueryReadService(QueryRepository queries, QueryChanges changes, Duration recheckEvery) {
    if (recheckEvery.isZero() || recheckEvery.isNegative()) {
      throw new IllegalArgumentException("recheckEvery must be positive");
    }
    this.queries = queries;
    this.changes = changes;
    this.recheckEvery = recheckEvery;
  }

  /** A query the caller may read: their own, or anyone's for an admin; NOT_FOUND otherwise. */
  public QueryResponse get(UUID id, Caller caller) {
    return QueryResponse.from(readable(id, caller));
  }

  /**
   * As {@link #get(UUID, Caller)}, held for up to {@code wait}'s timeout until the query's status
   * or stage differs from the baseline (what the caller says it saw, else the row as first read). A
   * finished query, one already past the baseline, or a wait this process has no room for answers
   * at once; at the deadline the row as it is answers (not an error). NOT_FOUND is decided before
   * any waiting.
   */
  public QueryResponse get(UUID id, Caller caller, ProgressWait wait) {
    if (wait.timeout().isZero()) {
      return get(id, caller);
    }
    long started = System.nanoTime();
    long deadline = started + wait.timeout().toNanos();
    // Read first: an unknown or someone else's query, a finished one, or one already past what
    // the caller saw answers without listening for anything.
    UserQuery first = readable(id, caller);
    QueryStatus status = wait.seenStatus() != null ? wait.seenStatus() : first.status();
    QueryStage stage = wait.seenStage() != null ? wait.seenStage() : first.stage();
    if (first.status().isTerminal() || first.status() != status || first.stage() != stage) {
      return QueryResponse.from(first);
    }
    Optional<QueryChanges.Subscription> subscription = changes.subscribe(id);
    try {
      if (subscription.isEmpty()) {
        log.info("progress wait not held: this process holds as many waits as it allows");
        return QueryResponse.from(first);
      }
      // Read again once subscribed: a change committed after this read is signalled, one
      // committed between the two reads is seen here.
      UserQuery query = readable(id, caller);
      int reads = 2;
      while (!query.status().isTerminal() && query.status() == status && query.stage() == stage) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          subscription.get().await(Duration.ofNanos(Math.min(left, recheckEvery.toNanos())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        query = readable(id, caller);
        reads++;
      }
      log.debug(
          "progress wait answered after {} ms and {} reads: status={} stage={}",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          reads,
          query.status(),
          query.stage());
      return QueryResponse.from(query);
    } finally {
      subscription.ifPresent(QueryChanges.Subscription::close);
    }
  }

  private UserQuery readable(UUID id, Caller caller) {
    return queries
        .findById(id)
        .filter(q -> caller.admin() || Objects.equals(q.userId(), caller.id()))
        .orElseThrow(() -> new SqmException(ErrorCode.NOT_FOUND, "no query with id " + id, "id"));
  }

  /**
   * {@code userId}'s history, newest first, for that user or an admin (NOT_FOUND for anyone else);
   * {@code limit} null means {@value #DEFAULT_LIMIT}.
   */
  public Page<QueryListItem> listForUser(
      String userId, Caller caller, String cursor, Integer limit) {
    if (!caller.admin() && !Objects.equals(userId, caller.id())) {
      throw new SqmException(ErrorCode.NOT_FOUND, "no query history for user " + userId, "userId");
    }
    int pageSize = limit == null ? DEFAULT_LIMIT : limit;
    if (pageSize < 1 || pageSize > MAX_LIMIT) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "limit must be between 1 and " + MAX_LIMIT, "limit");
    }
    Page<UserQuery> page = queries.findByUser(userId, cursor, pageSize);
    return new Page<>(page.items().stream().map(QueryListItem::from).toList(), page.nextCursor());
  }
}
