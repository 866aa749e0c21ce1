package com.sqm.pipeline;

import com.sqm.ai.EngineAnswer;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import com.sqm.sql.DataSourceQueryException;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.SqlGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL stages with self-correction: the drafted SQL goes through the guard and runs; SQL that
 * fails to parse, is rejected by the guard, is too expensive or fails on the data source because of
 * the SQL itself goes back to the engine with the error, for at most {@link #MAX_CORRECTIONS} more
 * rounds. Every attempt is reported. Failures of the data source itself (unreachable, timed out)
 * end the loop at once: another SQL would not help.
 */
final class SqlAttemptLoop {
  /** Rounds of correction after the first SQL. */
  static final int MAX_CORRECTIONS = 2;

  private static final Logger log = LoggerFactory.getLogger(SqlAttemptLoop.class);

  /** Checking one SQL against the guard is quick; the allowance only keeps the budget honest. */
  private static final Duration VALIDATION_ALLOWANCE = Duration.ofSeconds(2);

  /** Beyond the statement timeout: connecting (the pools give up after a few seconds), fetching. */
  private static final Duration EXECUTION_OVERHEAD = Duration.ofSeconds(5);

  private final SqlGuard guard;
  private final ReadOnlySqlRunner runner;

  SqlAttemptLoop(SqlGuard guard) {
    this.guard = guard;
    this.runner = new ReadOnlySqlRunner(guard);
  }

  /** The SQL that ran, its rows, the draft it came from and every attempt, in order. */
  record Outcome(SqlDraft draft, DataResult result, List<SqlAttempt> attempts, TokenUsage usage) {}

  /**
   * Runs {@code current} (the draft the engine wrote last), correcting it as needed. {@code resume}
   * carries the attempts of earlier deliveries; when its latest draft already failed because of its
   * SQL, the engine is asked for the correction first.
   *
   * <p>A transient failure of the data source (unreachable, restarting) is not the SQL's fault: it
   * is not recorded as an attempt and is rethrown, so a retry runs the same draft again.
   */
  Outcome run(
      QueryEngine engine,
      QuestionContext context,
      EngineAnswer<SqlDraft> current,
      Checkpoint resume,
      DataSource pool,
      int rowCap,
      StageTimer stages) {
    ProgressRecorder progress = stages.progress();
    List<SqlAttempt> attempts = new ArrayList<>(resume.attempts());
    TokenUsage correctionUsage = TokenUsage.NONE;
    int round = Math.max(0, resume.drafts() - 1);
    boolean correctionDue = resume.correctionDue();
    while (true) {
      if (correctionDue) {
        Optional<EngineAnswer<SqlDraft>> next = correct(engine, context, attempts, stages);
        if (next.isEmpty()) {
          throw lastError(attempts);
        }
        current = next.get();
        round++;
        correctionUsage = correctionUsage.plus(current.usage());
        progress.modelUsed(QueryStage.GENERATING_SQL, engine.name(), current.usage());
        progress.drafted(current.value());
      }
      SqlDraft draft = current.value();
      try {
        DataResult result = execute(context, draft.sql(), pool, rowCap, stages);
        record(
            attempts,
            new SqlAttempt(attempts.size() + 1, draft.sql(), null, current.usage()),
            progress);
        progress.executed(result);
        return new Outcome(draft, result, attempts, correctionUsage);
      } catch (SqmException e) {
        if (e.isTransient()) {
          throw e;
        }
        record(
            attempts,
            new SqlAttempt(attempts.size() + 1, draft.sql(), e.toError(), current.usage()),
            progress);
        if (!correctable(e) || round >= MAX_CORRECTIONS) {
          throw e;
        }
        log.info("attempt {} failed with {}; asking the engine to correct it", round + 1, e.code());
        correctionDue = true;
      }
    }
  }

  /** The error of the last attempt, as the query's failure. */
  private static SqmException lastError(List<SqlAttempt> attempts) {
    QueryError error = attempts.get(attempts.size() - 1).error();
    return new SqmException(error.code(), error.message(), error.field());
  }

  private DataResult execute(
      QuestionContext context, String sql, DataSource pool, int rowCap, StageTimer stages) {
    List<String> schemas = context.dataSource().allowedSchemas();
    DataSourceLimits limits = context.dataSource().limits();
    stages.run(QueryStage.VALIDATING_SQL, VALIDATION_ALLOWANCE, () -> guard.check(sql, schemas));
    return stages.run(
        QueryStage.EXECUTING_SQL,
        Duration.ofMillis(limits.statementTimeoutMs()).plus(EXECUTION_OVERHEAD),
        () -> runner.run(pool, sql, schemas, limits, rowCap));
  }

  private Optional<EngineAnswer<SqlDraft>> correct(
      QueryEngine engine, QuestionContext context, List<SqlAttempt> attempts, StageTimer stages) {
    try {
      return stages.runModelCall(
          QueryStage.GENERATING_SQL,
          engine,
          () ->
              stages
                  .progress()
                  .billing(
                      QueryStage.GENERATING_SQL,
                      engine.name(),
                      () -> engine.correct(context, attempts)));
    } catch (SqmException e) {
      if (e.code() == ErrorCode.QUESTION_NOT_ANSWERABLE
          || e.code() == ErrorCode.BUDGET_EXCEEDED
          || e.isTransient()) {
        // Not answerable or over the token budget ends the query; an unreachable model is worth
        // another delivery, which asks for this correction again.
        throw e;
      }
      // The last SQL's error says more to the caller than "the model sent an unreadable answer".
      log.warn("the engine could not correct the SQL: {}", e.code());
      return Optional.empty();
    }
  }

  /** Whether another SQL could succeed where this one failed. */
  static boolean correctable(SqmException e) {
    return switch (e.code()) {
      case SQL_REJECTED, SQL_TOO_EXPENSIVE -> true;
      case DATASOURCE_ERROR -> e instanceof DataSourceQueryException q && q.isCausedBySql();
      default -> false;
    };
  }

  private static void record(
      List<SqlAttempt> attempts, SqlAttempt attempt, ProgressRecorder progress) {
    attempts.add(attempt);
    progress.sqlAttempted(attempt);
  }
}
