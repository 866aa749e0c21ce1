package com.sqm.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.cache.ResultCache;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryStage;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import com.sqm.model.UserQuery;
import com.sqm.model.Visualization;
import com.sqm.schema.SchemaCatalog;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.SqlGuard;
import com.sqm.store.DataSourceRepository;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryTemplateRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Answers one stored question: intent analysis, SQL generation, guard, bounded execution, summary
 * and chart, recording each stage on the row so pollers see progress.
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

  private final QueryRepository queries;
  private final DataSourceRepository dataSources;
  private final QueryTemplateRepository templates;
  private final SchemaCatalog schemas;
  private final DataSourcePools pools;
  private final QueryEngine engine;
  private final SqlGuard guard;
  private final ReadOnlySqlRunner runner;
  private final ChartSuggester charts;
  private final ResultCache cache;
  private final Duration cacheTtl;
  private final int maxAttempts;
  private final ObjectMapper json;
  private final Clock clock;

  public QueryPipeline(
      QueryRepository queries,
      DataSourceRepository dataSources,
      QueryTemplateRepository templates,
      SchemaCatalog schemas,
      DataSourcePools pools,
      QueryEngine engine,
      SqlGuard guard,
      ChartSuggester charts,
      ResultCache cache,
      Duration cacheTtl,
      int maxAttempts,
      ObjectMapper json,
      Clock clock) {
    this.queries = queries;
    this.dataSources = dataSources;
    this.templates = templates;
    this.schemas = schemas;
    this.pools = pools;
    this.engine = engine;
    this.guard = guard;
    this.runner = new ReadOnlySqlRunner(guard);
    this.charts = charts;
    this.cache = cache;
    this.cacheTtl = cacheTtl;
    this.maxAttempts = maxAttempts;
    this.json = json;
    this.clock = clock;
  }

  /** Processes the query with this id; see the class comment for what is thrown. */
  public Outcome process(UUID queryId) {
    MDC.put("queryId", queryId.toString());
    try {
      Optional<UserQuery> claimed = queries.claimForProcessing(queryId);
      if (claimed.isEmpty()) {
        log.info("query is unknown or already finished; nothing to do");
        return Outcome.SKIPPED;
      }
      UserQuery query = claimed.get();
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
    DataSourceLimits limits = ds.limits();
    int rowCap = rowCap(query, limits);
    String cacheKey = AnswerCacheKey.of(ds.id(), query.question(), engine.name(), rowCap);
    if (query.options() == null || query.options().cacheAllowed()) {
      Optional<CachedAnswer> hit = cached(cacheKey);
      if (hit.isPresent()) {
        log.info("answer served from cache");
        CachedAnswer a = hit.get();
        queries.saveAnalysis(query.id(), a.analysis(), TokenUsage.NONE);
        queries.saveSql(query.id(), a.sql(), TokenUsage.NONE);
        queries.complete(query.id(), a.result(), a.summary(), a.visualization());
        return;
      }
    }

    DataSource pool = pools.forDataSource(ds);
    Understood understood =
        timed(
            query.id(),
            QueryStage.ANALYZING_INTENT,
            () -> {
              SchemaSnapshot schema = schemas.snapshot(ds.id(), pool, ds.allowedSchemas());
              QuestionContext ctx =
                  new QuestionContext(
                      query.question(), ds, schema, templates.findByDataSource(ds.id()));
              return new Understood(ctx, engine.draft(ctx));
            });
    QuestionContext context = understood.context();
    EngineAnswer<SqlDraft> draft = understood.draft();
    AIAnalysis analysis = draft.value().analysis();
    String sql = draft.value().sql();
    queries.saveAnalysis(query.id(), analysis, draft.usage());
    queries.saveSql(query.id(), sql, TokenUsage.NONE);

    timed(query.id(), QueryStage.VALIDATING_SQL, () -> guard.check(sql, ds.allowedSchemas()));
    DataResult result =
        timed(
            query.id(),
            QueryStage.EXECUTING_SQL,
            () -> runner.run(pool, sql, ds.allowedSchemas(), limits, rowCap));

    EngineAnswer<Interpretation> interpretation =
        timed(
            query.id(),
            QueryStage.SUMMARIZING,
            () -> engine.interpret(context, analysis, sql, result));
    String summary = interpretation.value().summary();
    Visualization chart =
        timed(
            query.id(),
            QueryStage.VISUALIZING,
            () -> charts.suggest(query.question(), analysis, result));

    queries.complete(query.id(), result, summary, chart);
    remember(cacheKey, new CachedAnswer(analysis, sql, result, summary, chart));
  }

  private record Understood(QuestionContext context, EngineAnswer<SqlDraft> draft) {}

  private static int rowCap(UserQuery query, DataSourceLimits limits) {
    Integer requested = query.options() == null ? null : query.options().maxRows();
    int cap = limits.maxRows();
    return requested == null ? cap : Math.max(1, Math.min(requested, cap));
  }

  private <T> T timed(UUID id, QueryStage stage, Supplier<T> work) {
    queries.markStage(id, stage);
    long start = clock.millis();
    try {
      return work.get();
    } finally {
      queries.recordStageTiming(id, stage, clock.millis() - start);
    }
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
