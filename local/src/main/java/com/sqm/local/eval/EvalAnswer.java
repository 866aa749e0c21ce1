package com.sqm.local.eval;

import com.sqm.model.ErrorCode;
import java.util.List;

/**
 * What the product answered to one question: the SQL it wrote (null if it wrote none) and either
 * the result ({@code columns}, {@code rows} of JSON-like values) or an error code and sentence.
 */
public record EvalAnswer(
    String sql,
    List<String> columns,
    List<List<Object>> rows,
    String errorCode,
    String errorMessage) {

  /** The result of {@code sql}. */
  public static EvalAnswer result(String sql, List<String> columns, List<List<Object>> rows) {
    return new EvalAnswer(sql, columns, rows, null, null);
  }

  /** A failure, after {@code sql} was written or (sql null) before. */
  public static EvalAnswer error(String sql, String errorCode, String errorMessage) {
    return new EvalAnswer(sql, null, null, errorCode, errorMessage);
  }

  /** Whether the product answered: it wrote SQL and did not say the question is unanswerable. */
  public boolean answered() {
    return sql != null
        && !sql.isBlank()
        && !ErrorCode.QUESTION_NOT_ANSWERABLE.name().equals(errorCode);
  }

  /** Whether there is a result to compare (SQL written and run). */
  public boolean hasResult() {
    return answered() && errorCode == null && columns != null && rows != null;
  }
}
