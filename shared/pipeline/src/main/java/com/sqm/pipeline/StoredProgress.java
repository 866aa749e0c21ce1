package com.sqm.pipeline;

import com.sqm.model.AIAnalysis;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import com.sqm.store.QueryRepository;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/** Records a stored query's progress on its row, so a caller polling it sees each stage. */
final class StoredProgress implements ProgressRecorder {
  private final QueryRepository queries;
  private final UUID id;
  // A stage repeated by a correction is shown with its total time.
  private final Map<QueryStage, Long> millisByStage = new EnumMap<>(QueryStage.class);

  StoredProgress(QueryRepository queries, UUID id) {
    this.queries = queries;
    this.id = id;
  }

  @Override
  public void stageStarted(QueryStage stage) {
    queries.markStage(id, stage);
  }

  @Override
  public void stageFinished(QueryStage stage, long millis) {
    queries.recordStageTiming(id, stage, millisByStage.merge(stage, millis, Long::sum));
  }

  @Override
  public void analysed(AIAnalysis analysis) {
    queries.saveAnalysis(id, analysis, TokenUsage.NONE);
  }

  @Override
  public void sqlAttempted(SqlAttempt attempt) {
    queries.recordSqlAttempt(id, attempt);
    queries.saveSql(id, attempt.sql(), TokenUsage.NONE);
  }

  @Override
  public void modelUsed(QueryStage stage, String engine, TokenUsage usage) {
    queries.recordUsage(id, stage, engine, usage);
  }
}
