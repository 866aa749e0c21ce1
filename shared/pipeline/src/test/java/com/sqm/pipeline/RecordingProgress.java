package com.sqm.pipeline;

import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the pipeline reported, for assertions. */
final class RecordingProgress implements ProgressRecorder {
  private final List<QueryStage> stagesStarted = new ArrayList<>();
  private final List<SqlAttempt> attempts = new ArrayList<>();
  private TokenUsage totalUsage = TokenUsage.NONE;

  @Override
  public void stageStarted(QueryStage stage) {
    stagesStarted.add(stage);
  }

  @Override
  public void sqlAttempted(SqlAttempt attempt) {
    attempts.add(attempt);
  }

  @Override
  public void modelUsed(QueryStage stage, String engine, TokenUsage usage) {
    totalUsage = totalUsage.plus(usage);
  }

  List<QueryStage> stagesStarted() {
    return stagesStarted;
  }

  List<SqlAttempt> attempts() {
    return attempts;
  }

  TokenUsage totalUsage() {
    return totalUsage;
  }
}
