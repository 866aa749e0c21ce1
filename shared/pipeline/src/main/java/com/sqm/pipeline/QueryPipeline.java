package com.sqm.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.cache.ResultCache;
import com.sqm.metrics.QueryMetrics;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.FollowUp;
import com.sqm.model.QueryError;
import com.sqm.model.SqmException;
import com.sqm.model.UserQuery;
import com.sqm.service.TokenBudget;
import com.sqm.store.DataSourceRepository;
import com.sqm.store.QueryProgress;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryTemplateRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Answers one stored question through {@link QuestionAnswerer} under a lease on its row, recording
 * each stage so pollers see progress and a retry resumes where the last attempt stopped, and
 * serving and keeping answers in the result cache.
 *
 * <p>What becomes of a delivery:
 *
 * <ul>
 *   <li>another worker holds the query's lease, or it finished: nothing to do ({@link
 *       Outcome#SKIPPED});
 *   <li>a permanent failure (unanswerable question, rejected or too expensive SQL, a statement
 *       timeout) ends the query FAILED with its code at once;
 *   <li>a transient failure (store, data source or model unreachable) or an unexpected error hands
 *       the query back for another delivery ({@link Outcome#RETRY}) until the attempt budget is
 *       spent, then ends it FAILED with the failure's own code (INTERNAL_ERROR for unexpected
 *       ones);
 *   <li>too little time left for the next stage hands the query back without spending an attempt.
 * </ul>
 */
public final class QueryPipeline {
  private static final Logger log = LoggerFactory.getLogger(QueryPipeline.class);

  /** What became of one delivery. */
  public enum Outcome {
    COMPLETED,
    FAILED,
    /** Unknown id, a query already finished, or one another worker holds: nothing to do. */
    SKIPPED,
    /** Handed back: the message should be delivered again, and the next delivery resumes. */
    RETRY
  }

  /**
   * What became of one delivery; for a {@link Outcome#RETRY}, how long the queue should wait before
   * delivering the message again (the backoff between attempts; zero when the worker only ran out
   * of time).
   */
  public record Result(Outcome outcome, Duration retryAfter) {
    static Result of(Outcome outcome) {
      return new Result(outcome, Duration.ZERO);
    }
  }

  /** The wait before the second attempt; it doubles for each further one. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

  static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

  /** A handed-back query's lease lapses this long before its message is delivered again. */
  static final Duration LEASE_BEFORE_REDELIVERY = Duration.ofSeconds(1);

  /** A lease outlasts the invocation that took it by this much, then lapses (crash, timeout). */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  /** The longest lease: a worker without a deadline (benchmarks, tests) is not trusted longer. */
  static final Duration MAX_LEASE = Duration.ofMinutes(15);

  private final QueryRepository queries;
  private final DataSourceRepository dataSources;
  private final QueryTemplateRepository templates;
  private final QuestionAnswerer answerer;
  private final AnswerCache answers;
  private final int maxAttempts;
  private final ObjectMapper json;
  private final TokenBudget tokenBudget;

  /**
   * A pipeline whose cached answers are signed with a key of this process only, with no token
   * budget.
   */
  public QueryPipeline(
      QueryRepository queries,
      DataSourceRepository dataSources,
      QueryTemplateRepository templates,
      QuestionAnswerer answerer,
      ResultCache cache,
      Duration cacheTtl,
      int maxAttempts,
      ObjectMapper json) {
    this(
        queries,
        dataSources,
        templates,
        answerer,
        cache,
        cacheTtl,
        maxAttempts,
        json,
        CacheSigningKey.random(),
        TokenBudget.UNLIMITED);
  }

  /**
   * A pipeline that asks {@code tokenBudget} before each stage that calls a model: a user who has
   * spent their daily budget gets the query FAILED with BUDGET_EXCEEDED, and the model is not
   * called.
   */
  public QueryPipeline(
      QueryRepository queries,
      DataSourceRepository dataSources,
      QueryTemplateRepository templates,
      QuestionAnswerer answerer,
      ResultCache cache,
      Duration cacheTtl,
      int maxAttempts,
      ObjectMapper json,
      byte[] cacheSigningKey,
      TokenBudget tokenBudget) {
    this.tokenBudget = tokenBudget;
    this.queries = queries;
    this.dataSources = dataSources;
    this.templates = templates;
    this.answerer = answerer;
    this.answers = new AnswerCache(cache, cacheTtl, json, cacheSigningKey);
    this.maxAttempts = maxAttempts;
    this.json = json;
  }

  /** Processes the query with this id, with no deadline. */
  public Outcome process(UUID queryId) {
    return process(queryId, TimeBudget.UNLIMITED).outcome();
  }

  /**
   * Processes the query with this id within {@code budget}; see the class comment. Throws only when
   * the store cannot be reached to claim the query or record what became of it (the message is then
   * delivered again, and the lease lapses).
   */
  public Result process(UUID queryId, TimeBudget budget) {
    return process(queryId, budget, QueryMetrics.NONE);
  }

  /**
   * As {@link #process(UUID, TimeBudget)}, measuring into {@code metrics}: each stage's latency,
   * the model's tokens and cost, the answer cache, and how the query ended. The caller publishes
   * them.
   */
  public Result process(UUID queryId, TimeBudget budget, QueryMetrics metrics) {
    MDC.put("queryId", queryId.toString());
    try (StageTracer.Span trace = answerer.tracer().delivery(queryId)) {
      Duration left = budget.remaining();
      if (left.compareTo(answerer.minimumToStart()) < 0) {
        log.info("only {} ms left in this invocation; handing the query back", left.toMillis());
        metrics.retried();
        return Result.of(Outcome.RETRY);
      }
      QueryRepository.Claim claim = queries.claim(queryId, leaseFor(left));
      if (claim instanceof QueryRepository.Claim.Held) {
        log.info("another worker holds the query; this delivery has nothing to do");
        return Result.of(Outcome.SKIPPED);
      }
      if (!(claim instanceof QueryRepository.Claim.Granted granted)) {
        log.info("query is unknown or already finished; nothing to do");
        return Result.of(Outcome.SKIPPED);
      }
      return processClaimed(granted, budget, metrics);
    } finally {
      MDC.remove("queryId");
    }
  }

  private static Duration leaseFor(Duration left) {
    Duration lease = left.plus(LEASE_MARGIN);
    return lease.compareTo(MAX_LEASE) > 0 ? MAX_LEASE : lease;
  }

  private Result processClaimed(
      QueryRepository.Claim.Granted granted, TimeBudget budget, QueryMetrics metrics) {
    UserQuery query = granted.query();
    StoredProgress progress =
        new StoredProgress(
            queries, json, query.id(), granted.leaseToken(), QueryProgress.of(query), budget);
    if (query.attempts() > maxAttempts) {
      // The earlier deliveries ended without recording why (function timeout, crash): give up now
      // rather than leave the query PROCESSING once the queue stops redelivering.
      log.error("query claimed for attempt {}; earlier attempts never finished", query.attempts());
      return failed(progress, gaveUp(query.attempts() - 1), metrics);
    }
    try {
      answer(query, progress, budget, metrics);
      log.info("query completed");
      metrics.completed();
      return Result.of(Outcome.COMPLETED);
    } catch (LeaseLostException e) {
      log.warn("the lease lapsed and another worker took the query over; stopping");
      return Result.of(Outcome.SKIPPED);
    } catch (OutOfTimeException e) {
      log.info("handing the query back: {}", e.getMessage());
      progress.release(true, Duration.ZERO);
      metrics.retried();
      return Result.of(Outcome.RETRY);
    } catch (SqmException e) {
      if (e.isTransient() || e.code() == ErrorCode.INTERNAL_ERROR) {
        return retryOrGiveUp(query, progress, e, metrics);
      }
      log.info("query failed: {} {}", e.code(), e.getMessage());
      return failed(progress, e.toError(), metrics);
    } catch (RuntimeException e) {
      return retryOrGiveUp(query, progress, e, metrics);
    }
  }

  private static Result failed(StoredProgress progress, QueryError error, QueryMetrics metrics) {
    progress.fail(error);
    metrics.failed(error.code());
    return Result.of(Outcome.FAILED);
  }

  /**
   * Hands the query back for another delivery, or on its last attempt ends it with the failure's
   * code (a transient failure's own, INTERNAL_ERROR for anything unexpected).
   */
  private Result retryOrGiveUp(
      UserQuery query, StoredProgress progress, RuntimeException e, QueryMetrics metrics) {
    SqmException known = e instanceof SqmException s && s.isTransient() ? s : null;
    if (query.attempts() >= maxAttempts) {
      log.error("query failed on its last attempt ({})", query.attempts(), e);
      return failed(
          progress,
          known != null
              ? new QueryError(
                  known.code(),
                  known.getMessage() + " (gave up after " + query.attempts() + " attempts)",
                  known.field())
              : gaveUp(query.attempts()),
          metrics);
    }
    Duration backoff = backoff(query.attempts());
    if (known != null) {
      log.warn(
          "attempt {} failed transiently ({}: {}); trying again in {} s",
          query.attempts(),
          known.code(),
          known.getMessage(),
          backoff.toSeconds());
    } else {
      log.warn("attempt {} failed; trying again in {} s", query.attempts(), backoff.toSeconds(), e);
    }
    // The lease holds through most of the wait, so no sweeper re-sends the query meanwhile.
    progress.release(false, backoff.minus(LEASE_BEFORE_REDELIVERY));
    metrics.retried();
    return new Result(Outcome.RETRY, backoff);
  }

  /** The wait after attempt {@code attempt} failed: 5 s, 10 s, 20 s, … at most 2 min. */
  static Duration backoff(int attempt) {
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(10, Math.max(0, attempt - 1)));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private static QueryError gaveUp(int attempts) {
    return QueryError.of(
        ErrorCode.INTERNAL_ERROR,
        "The query could not be answered after " + attempts + " attempts.");
  }

  private void answer(
      UserQuery query, StoredProgress progress, TimeBudget budget, QueryMetrics metrics) {
    DataSourceConfig ds = dataSources.findUsable(query.dataSourceId());
    int rowCap = rowCap(query, ds.limits());
    FollowUp followUp = FollowUps.of(query, queries);
    String instructions = query.instructions();
    String cacheKey =
        AnswerCacheKey.of(
            ds.id(), query.question(), instructions, followUp, answerer.engineName(), rowCap);
    if (query.options() == null || query.options().cacheAllowed()) {
      Optional<CachedAnswer> hit = answers.get(cacheKey);
      metrics.answerCache(hit.isPresent());
      if (hit.isPresent()) {
        log.info("answer served from cache");
        CachedAnswer a = hit.get();
        // The answer names the engine that wrote it; serving it cost no tokens.
        progress.servedFromCache(a);
        progress.complete(a.result(), a.summary(), a.visualization());
        return;
      }
    }
    AnswerRequest request =
        new AnswerRequest(
            query.question(),
            instructions,
            followUp,
            ds,
            templates.findByDataSource(ds.id()),
            rowCap);
    Answer answer =
        answerer.answer(
            request,
            new MeasuredProgress(progress, metrics),
            progress.checkpoint(),
            budget,
            () -> tokenBudget.ensureRemaining(query.userId()));
    progress.complete(answer.result(), answer.summary(), answer.visualization());
    if (!answer.engine().equals(answerer.engineName())) {
      // A fallback's answer is not kept: the next asking should reach the model again.
      return;
    }
    answers.put(cacheKey, answer);
  }

  private static int rowCap(UserQuery query, DataSourceLimits limits) {
    Integer requested = query.options() == null ? null : query.options().maxRows();
    int cap = limits.maxRows();
    return requested == null ? cap : Math.max(1, Math.min(requested, cap));
  }
}
