package com.sqm.pipeline;

import com.sqm.ai.EngineAnswer;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import com.sqm.sql.DataSourceQueryException;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.SqlGuard;
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

  private final SqlGuard guard;
  private final ReadOnlySqlRunner runner;
  private final StageTimer stages;

  SqlAttemptLoop(SqlGuard guard, StageTimer stages) {
    this.guard = guard;
    this.runner = new ReadOnlySqlRunner(guard);
    this.stages = stages;
  }

  /** The SQL that ran, its rows, the draft it came from and every attempt, in order. */
  record Outcome(SqlDraft draft, DataResult result, List<SqlAttempt> attempts, TokenUsage usage) {}

  Outcome run(
      QueryEngine engine,
      QuestionContext context,
      EngineAnswer<SqlDraft> first,
      DataSource pool,
      int rowCap,
      ProgressRecorder progress) {
    List<SqlAttempt> attempts = new ArrayList<>();
    TokenUsage correctionUsage = TokenUsage.NONE;
    EngineAnswer<SqlDraft> current = first;
    for (int round = 0; ; round++) {
      SqlDraft draft = current.value();
      try {
        DataResult result = execute(context, draft.sql(), pool, rowCap, progress);
        record(
            attempts,
            new SqlAttempt(attempts.size() + 1, draft.sql(), null, current.usage()),
            progress);
        return new Outcome(draft, result, attempts, correctionUsage);
      } catch (SqmException e) {
        record(
            attempts,
            new SqlAttempt(attempts.size() + 1, draft.sql(), e.toError(), current.usage()),
            progress);
        if (!correctable(e) || round == MAX_CORRECTIONS) {
          throw e;
        }
        log.info("attempt {} failed with {}; asking the engine to correct it", round + 1, e.code());
        Optional<EngineAnswer<SqlDraft>> next = correct(engine, context, attempts, progress);
        if (next.isEmpty()) {
          throw e;
        }
        current = next.get();
        correctionUsage = correctionUsage.plus(current.usage());
        progress.modelUsed(QueryStage.GENERATING_SQL, engine.name(), current.usage());
        progress.analysed(current.value().analysis());
      }
    }
  }

  private DataResult execute(
      QuestionContext context, String sql, DataSource pool, int rowCap, ProgressRecorder progress) {
    List<String> schemas = context.dataSource().allowedSchemas();
    stages.run(progress, QueryStage.VALIDATING_SQL, () -> guard.check(sql, schemas));
    return stages.run(
        progress,
        QueryStage.EXECUTING_SQL,
        () -> runner.run(pool, sql, schemas, context.dataSource().limits(), rowCap));
  }

  private Optional<EngineAnswer<SqlDraft>> correct(
      QueryEngine engine,
      QuestionContext context,
      List<SqlAttempt> attempts,
      ProgressRecorder progress) {
    try {
      return stages.run(
          progress,
          QueryStage.GENERATING_SQL,
          () ->
              progress.billing(
                  QueryStage.GENERATING_SQL,
                  engine.name(),
                  () -> engine.correct(context, attempts)));
    } catch (SqmException e) {
      if (e.code() == ErrorCode.QUESTION_NOT_ANSWERABLE) {
        throw e;
      }
      // The last SQL's error says more to the caller than "the model could not be reached".
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
