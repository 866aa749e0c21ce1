package com.sqm.pipeline;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.List;

/**
 * Answers questions against any Postgres database given by its JDBC URL, through the same {@link
 * QuestionAnswerer} the worker uses, with nothing stored: {@code ./sqm ask} and the evaluation.
 */
public final class AdHocQuestions {
  /** The id the ad-hoc data source is known by in logs and caches. */
  public static final String DATA_SOURCE_ID = "adhoc";

  private final QuestionAnswerer answerer;

  public AdHocQuestions(QuestionAnswerer answerer) {
    this.answerer = answerer;
  }

  /** A question's answer, or the error that ended it (exactly one is non-null). */
  public record Outcome(String question, Answer answer, SqmException error) {}

  /** The data source a JDBC URL and its allowed schemas describe, with the default limits. */
  public static DataSourceConfig dataSource(String jdbcUrl, List<String> schemas) {
    return new DataSourceConfig(
        DATA_SOURCE_ID, "ad hoc", null, jdbcUrl, schemas, true, DataSourceLimits.DEFAULTS);
  }

  public Outcome ask(DataSourceConfig dataSource, String question, String instructions) {
    AnswerRequest request =
        new AnswerRequest(
            question, instructions, null, dataSource, List.of(), dataSource.limits().maxRows());
    try {
      return new Outcome(question, answerer.answer(request, ProgressRecorder.NONE), null);
    } catch (SqmException e) {
      return new Outcome(question, null, e);
    } catch (RuntimeException e) {
      // e.g. the schema could not be read: one question's failure, not the caller's crash
      return new Outcome(
          question, null, new SqmException(ErrorCode.INTERNAL_ERROR, oneLine(e), null, e));
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").strip();
  }
}
