package com.sqm.pipeline;

import com.sqm.ai.Interpretation;
import com.sqm.ai.SqlDraft;
import com.sqm.metrics.QueryMetrics;
import com.sqm.model.DataResult;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;

/**
 * Passes every report on to the stored progress and measures the stages' latency and the model's
 * usage on the way. Overrides every method of {@link ProgressRecorder} (a test checks it), so no
 * report stops here.
 */
final class MeasuredProgress implements ProgressRecorder {
  private final ProgressRecorder progress;
  private final QueryMetrics metrics;

  MeasuredProgress(ProgressRecorder progress, QueryMetrics metrics) {
    this.progress = progress;
    this.metrics = metrics;
  }

  @Override
  public void stageStarted(QueryStage stage) {
    progress.stageStarted(stage);
  }

  @Override
  public void stageFinished(QueryStage stage, long millis) {
    metrics.stageLatency(stage, millis);
    progress.stageFinished(stage, millis);
  }

  @Override
  public void drafted(SqlDraft draft) {
    progress.drafted(draft);
  }

  @Override
  public void sqlAttempted(SqlAttempt attempt) {
    progress.sqlAttempted(attempt);
  }

  @Override
  public void executed(DataResult result) {
    progress.executed(result);
  }

  @Override
  public void interpreted(Interpretation interpretation) {
    progress.interpreted(interpretation);
  }

  @Override
  public void modelUsed(QueryStage stage, String engine, TokenUsage usage) {
    metrics.modelUsed(engine, usage);
    progress.modelUsed(stage, engine, usage);
  }

  // billing(...) is left to the interface: its refusal path reports through modelUsed above.
}
