package com.sqm.pipeline;

import com.sqm.config.CoreComponents;
import com.sqm.config.Json;
import com.sqm.schema.SchemaCatalog;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.SqlGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The worker's object graph, built once per container on top of {@link CoreComponents}: data source
 * pools, schema catalog, the engine chosen by configuration, and the pipeline.
 */
public final class PipelineComponents implements AutoCloseable {
  /** Deliveries of one message before the query is failed instead of retried. */
  public static final int MAX_ATTEMPTS = 3;

  private static final Duration SCHEMA_TTL = Duration.ofMinutes(5);

  private final DataSourcePools pools;
  private final EngineChoice engines;
  private final QueryPipeline pipeline;

  private PipelineComponents(DataSourcePools pools, EngineChoice engines, QueryPipeline pipeline) {
    this.pools = pools;
    this.engines = engines;
    this.pipeline = pipeline;
  }

  /**
   * Builds the pipeline; data source references of the form {@code env:NAME} and the model settings
   * ({@code OPENAI_*}, {@code SQM_MODEL*}) read the process environment.
   */
  public static PipelineComponents create(CoreComponents core) {
    return create(core, System::getenv);
  }

  public static PipelineComponents create(CoreComponents core, Function<String, String> env) {
    // The chart schema is large: compile it while the container starts, not on the first answer.
    VegaLiteValidator.preload();
    DataSourcePools pools = new DataSourcePools(env);
    EngineChoice engines = EngineFactory.choose(core.config().engine(), env);
    Clock clock = Clock.systemUTC();
    QuestionAnswerer answerer =
        new QuestionAnswerer(
            new SchemaCatalog(new SchemaIntrospector(), SCHEMA_TTL, clock),
            pools,
            engines,
            new SqlGuard(),
            new AnswerPresenter(),
            clock,
            XRayStageTracer.fromEnvironment(env));
    QueryPipeline pipeline =
        new QueryPipeline(
            core.queries(),
            core.dataSources(),
            core.templates(),
            answerer,
            core.cache(),
            core.config().cacheTtl(),
            MAX_ATTEMPTS,
            Json.mapper(),
            CacheSigningKey.from(env),
            core.tokenBudget());
    return new PipelineComponents(pools, engines, pipeline);
  }

  public QueryPipeline pipeline() {
    return pipeline;
  }

  /** The engine that answers, and the fallback while its model is unreachable, if any. */
  public String engineDescription() {
    return engines.name() + engines.fallback().map(f -> ", else " + f.name()).orElse("");
  }

  @Override
  public void close() {
    try {
      engines.close();
    } finally {
      pools.close();
    }
  }
}
