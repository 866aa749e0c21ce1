package com.sqm.pipeline;

import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStage;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import com.sqm.schema.SchemaCatalog;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.SqlGuard;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one question against one data source, stage by stage: the context (schema, examples,
 * instructions, follow-up) → the engine's analysis and SQL → guard and bounded execution, with
 * self-correction → interpretation → grounded summary and validated chart. The worker, {@code ./sqm
 * ask} and the evaluation all answer through this class; only the worker records progress on a
 * stored query.
 *
 * <p>Throws {@link SqmException} with the code the caller can act on (QUESTION_NOT_ANSWERABLE,
 * SQL_REJECTED, DATASOURCE_ERROR, MODEL_UNAVAILABLE, …).
 */
public final class QuestionAnswerer {
  private static final Logger log = LoggerFactory.getLogger(QuestionAnswerer.class);

  private final SchemaCatalog schemas;
  private final DataSourcePools pools;
  private final EngineChoice engines;
  private final SqlAttemptLoop sqlStages;
  private final AnswerPresenter presenter;
  private final StageTimer stages;

  public QuestionAnswerer(
      SchemaCatalog schemas,
      DataSourcePools pools,
      EngineChoice engines,
      SqlGuard guard,
      AnswerPresenter presenter,
      Clock clock) {
    this.schemas = schemas;
    this.pools = pools;
    this.engines = engines;
    this.stages = new StageTimer(clock);
    this.sqlStages = new SqlAttemptLoop(guard, stages);
    this.presenter = presenter;
  }

  /** The name of the engine that answers when its model is reachable. */
  public String engineName() {
    return engines.name();
  }

  public Answer answer(AnswerRequest request, ProgressRecorder progress) {
    DataSourceConfig ds = request.dataSource();
    DataSource pool = pools.forDataSource(ds);
    QuestionContext context =
        stages.run(
            progress,
            QueryStage.ANALYZING_INTENT,
            () -> {
              SchemaSnapshot schema = schemas.snapshot(ds.id(), pool, ds.allowedSchemas());
              return new QuestionContext(
                  request.question(),
                  ds,
                  schema,
                  request.examples(),
                  request.instructions(),
                  request.followUp());
            });
    Drafted drafted =
        stages.run(progress, QueryStage.GENERATING_SQL, () -> draft(context, progress));
    QueryEngine engine = drafted.engine();
    EngineAnswer<SqlDraft> first = drafted.answer();
    progress.modelUsed(QueryStage.GENERATING_SQL, engine.name(), first.usage());
    progress.analysed(first.value().analysis());

    SqlAttemptLoop.Outcome ran =
        sqlStages.run(engine, context, first, pool, request.rowCap(), progress);
    AIAnalysis analysis = ran.draft().analysis();
    String sql = ran.draft().sql();
    DataResult result = ran.result();

    EngineAnswer<Interpretation> interpretation =
        stages.run(
            progress,
            QueryStage.SUMMARIZING,
            () -> interpret(engine, context, analysis, sql, result, progress));
    progress.modelUsed(QueryStage.SUMMARIZING, engine.name(), interpretation.usage());
    // Grounding check of the summary, and the chart built from the engine's choice and validated.
    AnswerPresenter.PresentedAnswer presented =
        stages.run(
            progress,
            QueryStage.VISUALIZING,
            () -> presenter.present(request.question(), analysis, result, interpretation.value()));
    TokenUsage usage = first.usage().plus(ran.usage()).plus(interpretation.usage());
    return new Answer(
        engine.name(),
        analysis,
        sql,
        ran.attempts(),
        result,
        presented.summary(),
        presented.summarySource(),
        presented.visualization(),
        usage);
  }

  private record Drafted(QueryEngine engine, EngineAnswer<SqlDraft> answer) {}

  /** The primary engine's draft, or the fallback's while the primary's model is unreachable. */
  private Drafted draft(QuestionContext context, ProgressRecorder progress) {
    try {
      return new Drafted(engines.primary(), draft(engines.primary(), context, progress));
    } catch (SqmException e) {
      Optional<QueryEngine> fallback = engines.fallback();
      if (e.code() != ErrorCode.MODEL_UNAVAILABLE || fallback.isEmpty()) {
        throw e;
      }
      log.warn(
          "engine {} is unavailable; answering with {}", engines.name(), fallback.get().name());
      return new Drafted(fallback.get(), draft(fallback.get(), context, progress));
    }
  }

  private static EngineAnswer<SqlDraft> draft(
      QueryEngine engine, QuestionContext context, ProgressRecorder progress) {
    return progress.billing(QueryStage.GENERATING_SQL, engine.name(), () -> engine.draft(context));
  }

  /**
   * The engine's interpretation; when the engine fails here the rows are still right, so the answer
   * keeps them with the deterministic summary instead of failing.
   */
  private EngineAnswer<Interpretation> interpret(
      QueryEngine engine,
      QuestionContext context,
      AIAnalysis analysis,
      String sql,
      DataResult result,
      ProgressRecorder progress) {
    try {
      return progress.billing(
          QueryStage.SUMMARIZING,
          engine.name(),
          () -> engine.interpret(context, analysis, sql, result));
    } catch (SqmException e) {
      log.warn(
          "engine {} could not interpret the result ({}); using the deterministic summary",
          engine.name(),
          e.code());
      return EngineAnswer.free(new Interpretation(null, List.of(), null));
    }
  }
}
