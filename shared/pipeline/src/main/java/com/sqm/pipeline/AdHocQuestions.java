package com.sqm.pipeline;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaCatalog;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.SqlGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers questions against any Postgres database given by its JDBC URL, through the same {@link
 * QuestionAnswerer} the worker uses, with nothing stored: {@code ./sqm ask} and the evaluation.
 */
public final class AdHocQuestions {
  /** The id the ad-hoc data source is known by in logs and caches. */
  public static final String DATA_SOURCE_ID = "adhoc";

  // A command's run is short: a schema is read once.
  private static final Duration SCHEMA_TTL = Duration.ofHours(1);

  private final QuestionAnswerer answerer;

  public AdHocQuestions(QuestionAnswerer answerer) {
    this.answerer = answerer;
  }

  /** Ad-hoc questions answered by {@code engines} on connections from {@code pools}. */
  public static AdHocQuestions create(DataSourcePools pools, EngineChoice engines) {
    Clock clock = Clock.systemUTC();
    return new AdHocQuestions(
        new QuestionAnswerer(
            new SchemaCatalog(new SchemaIntrospector(), SCHEMA_TTL, clock),
            pools,
            engines,
            new SqlGuard(),
            new AnswerPresenter(),
            clock));
  }

  /** The engine that answers while its model is reachable. */
  public String engineName() {
    return answerer.engineName();
  }

  /**
   * A question's answer, or the error that ended it (exactly one is non-null), and every SQL the
   * engine wrote on the way.
   */
  public record Outcome(
      String question, Answer answer, SqmException error, List<SqlAttempt> attempts) {
    /** The last SQL the engine wrote, whether or not it ran; null when it wrote none. */
    public String lastSql() {
      return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).sql();
    }
  }

  /** The data source a JDBC URL and its allowed schemas describe, with the default limits. */
  public static DataSourceConfig dataSource(String jdbcUrl, List<String> schemas) {
    return new DataSourceConfig(
        DATA_SOURCE_ID, "ad hoc", null, jdbcUrl, schemas, true, DataSourceLimits.DEFAULTS);
  }

  public Outcome ask(DataSourceConfig dataSource, String question, String instructions) {
    AnswerRequest request =
        new AnswerRequest(
            question, instructions, null, dataSource, List.of(), dataSource.limits().maxRows());
    AttemptsKept attempts = new AttemptsKept();
    try {
      return new Outcome(question, answerer.answer(request, attempts), null, attempts.list);
    } catch (SqmException e) {
      return new Outcome(question, null, e, attempts.list);
    } catch (RuntimeException e) {
      // e.g. the schema could not be read: one question's failure, not the caller's crash
      return new Outcome(
          question,
          null,
          new SqmException(ErrorCode.INTERNAL_ERROR, oneLine(e), null, e),
          attempts.list);
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }

  /** Keeps the SQL attempts, so a failed answer still shows what the engine wrote. */
  private static final class AttemptsKept implements ProgressRecorder {
    private final List<SqlAttempt> list = new ArrayList<>();

    @Override
    public void sqlAttempted(SqlAttempt attempt) {
      list.add(attempt);
    }
  }
}
