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
import java.time.Duration;
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

  /**
   * Reading the schema: connecting to the data source (a few seconds at most) and introspecting.
   */
  private static final Duration CONTEXT_ALLOWANCE = Duration.ofSeconds(10);

  /** Building and validating the chart is local work. */
  private static final Duration PRESENTATION_ALLOWANCE = Duration.ofSeconds(2);

  private final SchemaCatalog schemas;
  private final DataSourcePools pools;
  private final EngineChoice engines;
  private final SqlAttemptLoop sqlStages;
  private final AnswerPresenter presenter;
  private final Clock clock;
  private final StageTracer tracer;

  public QuestionAnswerer(
      SchemaCatalog schemas,
      DataSourcePools pools,
      EngineChoice engines,
      SqlGuard guard,
      AnswerPresenter presenter,
      Clock clock) {
    this(schemas, pools, engines, guard, presenter, clock, StageTracer.NONE);
  }

  /** As the other constructor, tracing each stage through {@code tracer}. */
  public QuestionAnswerer(
      SchemaCatalog schemas,
      DataSourcePools pools,
      EngineChoice engines,
      SqlGuard guard,
      AnswerPresenter presenter,
      Clock clock,
      StageTracer tracer) {
    this.tracer = tracer;
    this.schemas = schemas;
    this.pools = pools;
    this.engines = engines;
    this.clock = clock;
    this.sqlStages = new SqlAttemptLoop(guard);
    this.presenter = presenter;
  }

  StageTracer tracer() {
    return tracer;
  }

  /** The name of the engine that answers when its model is reachable. */
  public String engineName() {
    return engines.name();
  }

  /** The least time a worker needs to start on a question: the first stage's allowance. */
  public Duration minimumToStart() {
    return CONTEXT_ALLOWANCE;
  }

  /** Answers a question from the start, with no deadline. */
  public Answer answer(AnswerRequest request, ProgressRecorder progress) {
    return answer(request, progress, Checkpoint.NONE, TimeBudget.UNLIMITED);
  }

  /**
   * Answers a question, resuming from what an earlier attempt checkpointed: the context is read
   * again (no model call), and the draft, rows and interpretation of {@code resume} are used
   * instead of being asked for again. A stage starts only when {@code budget} covers it.
   *
   * @throws OutOfTimeException when the budget does not cover the next stage
   */
  public Answer answer(
      AnswerRequest request, ProgressRecorder progress, Checkpoint resume, TimeBudget budget) {
    return answer(request, progress, resume, budget, ModelCallGate.OPEN);
  }

  /**
   * As {@link #answer(AnswerRequest, ProgressRecorder, Checkpoint, TimeBudget)}, asking {@code
   * gate} before each stage that calls a model which spends tokens (drafting, correcting,
   * interpreting); when it refuses, its failure ends the answer and the model is not called.
   */
  public Answer answer(
      AnswerRequest request,
      ProgressRecorder progress,
      Checkpoint resume,
      TimeBudget budget,
      ModelCallGate gate) {
    StageTimer stages = new StageTimer(clock, progress, budget, gate, tracer);
    DataSourceConfig ds = request.dataSource();
    DataSource pool = pools.forDataSource(ds);
    QuestionContext context =
        stages.run(
            QueryStage.ANALYZING_INTENT,
            CONTEXT_ALLOWANCE,
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
    QueryEngine engine;
    TokenUsage usage;
    SqlAttemptLoop.Outcome ran;
    if (resume.result() != null) {
      engine = engineNamed(resume.engine());
      usage = TokenUsage.NONE;
      ran = new SqlAttemptLoop.Outcome(resume.draft(), resume.result(), resume.attempts(), usage);
    } else {
      Drafted drafted =
          resume.draft() != null
              ? new Drafted(engineNamed(resume.engine()), EngineAnswer.free(resume.draft()))
              : draft(context, stages);
      engine = drafted.engine();
      ran =
          sqlStages.run(engine, context, drafted.answer(), resume, pool, request.rowCap(), stages);
      usage = drafted.answer().usage().plus(ran.usage());
    }
    AIAnalysis analysis = ran.draft().analysis();
    String sql = ran.draft().sql();
    DataResult result = ran.result();

    Interpretation interpretation;
    if (resume.interpretation() != null) {
      interpretation = resume.interpretation();
    } else {
      EngineAnswer<Interpretation> interpreted =
          stages.runModelCall(
              QueryStage.SUMMARIZING,
              engine,
              () -> interpret(engine, context, analysis, sql, result, progress));
      progress.modelUsed(QueryStage.SUMMARIZING, engine.name(), interpreted.usage());
      progress.interpreted(interpreted.value());
      interpretation = interpreted.value();
      usage = usage.plus(interpreted.usage());
    }
    // Grounding check of the summary, and the chart built from the engine's choice and validated.
    AnswerPresenter.PresentedAnswer presented =
        stages.run(
            QueryStage.VISUALIZING,
            PRESENTATION_ALLOWANCE,
            () -> presenter.present(request.question(), analysis, result, interpretation));
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

  /**
   * The engine an earlier attempt drafted with: the fallback if it was the one, else the primary.
   */
  private QueryEngine engineNamed(String name) {
    return engines
        .fallback()
        .filter(f -> f.name().equals(name) && !engines.primary().name().equals(name))
        .orElse(engines.primary());
  }

  private record Drafted(QueryEngine engine, EngineAnswer<SqlDraft> answer) {}

  /**
   * The primary engine's draft, or the fallback's while the primary's model is unreachable;
   * reported as the query's first draft.
   */
  private Drafted draft(QuestionContext context, StageTimer stages) {
    Drafted drafted =
        stages.runModelCall(
            QueryStage.GENERATING_SQL,
            engines.primary(),
            () -> draftWithFallback(context, stages.progress()));
    ProgressRecorder progress = stages.progress();
    progress.modelUsed(
        QueryStage.GENERATING_SQL, drafted.engine().name(), drafted.answer().usage());
    progress.drafted(drafted.answer().value());
    return drafted;
  }

  private Drafted draftWithFallback(QuestionContext context, ProgressRecorder progress) {
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
