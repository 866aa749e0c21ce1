package com.sqm.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.cache.ResultCache;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.FollowUp;
import com.sqm.model.QueryError;
import com.sqm.model.QueryStage;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import com.sqm.model.UserQuery;
import com.sqm.store.DataSourceRepository;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryTemplateRepository;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Answers one stored question through {@link QuestionAnswerer}, recording each stage on the row so
 * pollers see progress, and serving and keeping answers in the result cache.
 *
 * <p>Failures the caller can act on (unanswerable question, rejected SQL, timeouts) end the query
 * FAILED with their code. Anything else is rethrown so the queue delivers the message again, until
 * the last allowed attempt, which records INTERNAL_ERROR instead of leaving the query stuck.
 */
public final class QueryPipeline {
  private static final Logger log = LoggerFactory.getLogger(QueryPipeline.class);

  /** What became of one message. */
  public enum Outcome {
    COMPLETED,
    FAILED,
    /** Unknown id, or a query already finished by an earlier delivery. */
    SKIPPED
  }

  // Keeps the earlier answer's part of a follow-up's prompt small.
  private static final int MAX_FOLLOW_UP_SUMMARY = 600;

  private final QueryRepository queries;
  private final DataSourceRepository dataSources;
  private final QueryTemplateRepository templates;
  private final QuestionAnswerer answerer;
  private final ResultCache cache;
  private final Duration cacheTtl;
  private final int maxAttempts;
  private final ObjectMapper json;

  public QueryPipeline(
      QueryRepository queries,
      DataSourceRepository dataSources,
      QueryTemplateRepository templates,
      QuestionAnswerer answerer,
      ResultCache cache,
      Duration cacheTtl,
      int maxAttempts,
      ObjectMapper json) {
    this.queries = queries;
    this.dataSources = dataSources;
    this.templates = templates;
    this.answerer = answerer;
    this.cache = cache;
    this.cacheTtl = cacheTtl;
    this.maxAttempts = maxAttempts;
    this.json = json;
  }

  /** Processes the query with this id; see the class comment for what is thrown. */
  public Outcome process(UUID queryId) {
    MDC.put("queryId", queryId.toString());
    try {
      QueryRepository.Claim claim = queries.claim(queryId, Duration.ofMinutes(5));
      if (!(claim instanceof QueryRepository.Claim.Granted granted)) {
        log.info("query is unknown, already finished or held by another worker; nothing to do");
        return Outcome.SKIPPED;
      }
      UserQuery query = granted.query();
      if (query.attempts() > maxAttempts) {
        // The earlier deliveries ended without reaching a catch block (function timeout, crash):
        // give up now rather than leave the query PROCESSING once the queue stops redelivering.
        log.error(
            "query claimed for attempt {}; earlier attempts never finished", query.attempts());
        queries.fail(queryId, gaveUp(query.attempts() - 1));
        return Outcome.FAILED;
      }
      try {
        answer(query);
        log.info("query completed");
        return Outcome.COMPLETED;
      } catch (SqmException e) {
        if (e.code() == ErrorCode.INTERNAL_ERROR) {
          // Our own fault (the query store failed), not the question's: worth another delivery.
          return retryOrGiveUp(query, e);
        }
        log.info("query failed: {} {}", e.code(), e.getMessage());
        queries.fail(queryId, e.toError());
        return Outcome.FAILED;
      } catch (RuntimeException e) {
        return retryOrGiveUp(query, e);
      }
    } finally {
      MDC.remove("queryId");
    }
  }

  /** Rethrows {@code failure} so the message is delivered again, or records the last attempt's. */
  private Outcome retryOrGiveUp(UserQuery query, RuntimeException failure) {
    if (query.attempts() >= maxAttempts) {
      log.error("query failed on its last attempt ({})", query.attempts(), failure);
      queries.fail(query.id(), gaveUp(query.attempts()));
      return Outcome.FAILED;
    }
    log.warn("attempt {} failed; the message will be delivered again", query.attempts(), failure);
    throw failure;
  }

  private static QueryError gaveUp(int attempts) {
    return QueryError.of(
        ErrorCode.INTERNAL_ERROR,
        "The query could not be answered after " + attempts + " attempts.");
  }

  private void answer(UserQuery query) {
    DataSourceConfig ds = dataSources.findUsable(query.dataSourceId());
    int rowCap = rowCap(query, ds.limits());
    FollowUp followUp = followUpOf(query);
    String instructions = query.instructions();
    String cacheKey =
        AnswerCacheKey.of(
            ds.id(), query.question(), instructions, followUp, answerer.engineName(), rowCap);
    if (query.options() == null || query.options().cacheAllowed()) {
      Optional<CachedAnswer> hit = cached(cacheKey);
      if (hit.isPresent()) {
        log.info("answer served from cache");
        CachedAnswer a = hit.get();
        // The answer names the engine that wrote it; serving it cost no tokens.
        queries.recordUsage(query.id(), QueryStage.GENERATING_SQL, a.engine(), TokenUsage.NONE);
        queries.saveAnalysis(query.id(), a.analysis(), TokenUsage.NONE);
        queries.saveSql(query.id(), a.sql(), TokenUsage.NONE);
        queries.complete(query.id(), a.result(), a.summary(), a.visualization());
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
    Answer answer = answerer.answer(request, new StoredProgress(queries, query.id()));
    queries.complete(query.id(), answer.result(), answer.summary(), answer.visualization());
    if (!answer.engine().equals(answerer.engineName())) {
      // A fallback's answer is not kept: the next asking should reach the model again.
      return;
    }
    remember(
        cacheKey,
        new CachedAnswer(
            answer.engine(),
            answer.analysis(),
            answer.sql(),
            answer.result(),
            answer.summary(),
            answer.visualization()));
  }

  /**
   * The earlier query a follow-up builds on (submit checked it is the same user's), or null; one
   * that left no SQL gives the engine its question alone.
   */
  private FollowUp followUpOf(UserQuery query) {
    if (query.parentQueryId() == null) {
      return null;
    }
    return queries
        .findById(query.parentQueryId())
        .map(parent -> new FollowUp(parent.question(), parent.sql(), resultSummary(parent)))
        .orElse(null);
  }

  /** The parent's summary with the shape of its result, short enough for a prompt. */
  static String resultSummary(UserQuery parent) {
    StringBuilder text = new StringBuilder();
    if (parent.summary() != null) {
      text.append(parent.summary().strip());
    }
    if (parent.result() != null) {
      text.append(text.isEmpty() ? "" : " ")
          .append("(")
          .append(parent.result().rowCount())
          .append(" rows; columns: ")
          .append(String.join(", ", parent.result().columns().stream().map(c -> c.name()).toList()))
          .append(")");
    }
    if (parent.error() != null) {
      text.append(text.isEmpty() ? "" : " ").append("It failed: ").append(parent.error().message());
    }
    return text.length() > MAX_FOLLOW_UP_SUMMARY
        ? text.substring(0, MAX_FOLLOW_UP_SUMMARY) + "…"
        : text.toString();
  }

  private static int rowCap(UserQuery query, DataSourceLimits limits) {
    Integer requested = query.options() == null ? null : query.options().maxRows();
    int cap = limits.maxRows();
    return requested == null ? cap : Math.max(1, Math.min(requested, cap));
  }

  private Optional<CachedAnswer> cached(String key) {
    return cache.get(key).flatMap(this::decode);
  }

  private Optional<CachedAnswer> decode(String value) {
    try {
      return Optional.of(json.readValue(value, CachedAnswer.class));
    } catch (JsonProcessingException e) {
      log.warn("ignoring an unreadable cache entry");
      return Optional.empty();
    }
  }

  private void remember(String key, CachedAnswer answer) {
    try {
      cache.put(key, json.writeValueAsString(answer), cacheTtl);
    } catch (JsonProcessingException e) {
      log.warn("answer not cached: it could not be serialised");
    }
  }
}
