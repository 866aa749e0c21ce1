package com.sqm.pipeline;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import com.sqm.model.Visualization;
import java.util.List;

/**
 * A question answered: the engine that answered, its analysis, the SQL that ran (the last of {@code
 * attempts}), the rows, the summary and chart, and the model tokens it all cost.
 */
public record Answer(
    String engine,
    AIAnalysis analysis,
    String sql,
    List<SqlAttempt> attempts,
    DataResult result,
    String summary,
    AnswerPresenter.SummarySource summarySource,
    Visualization visualization,
    TokenUsage usage) {
  public Answer {
    attempts = List.copyOf(attempts);
  }
}
