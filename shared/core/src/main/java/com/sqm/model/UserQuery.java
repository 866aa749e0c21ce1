package com.sqm.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored question and everything the pipeline recorded while answering it. {@code tokenUsage} is
 * the total over all stages; {@code stageUsage} the same figures per stage name. {@code drafts}
 * (how many SQL drafts the engine wrote; {@code analysis} and {@code sql} hold the latest) and
 * {@code interpretation} (the engine's reading of the result, as JSON) are checkpoints a retry
 * resumes from; like {@code result} before COMPLETED, they are not shown to callers. {@code
 * callbackUrl} is where the completion webhook goes (null: none).
 */
public record UserQuery(
    UUID id,
    String userId,
    String question,
    String dataSourceId,
    QueryOptions options,
    QueryStatus status,
    QueryStage stage,
    AIAnalysis analysis,
    String sql,
    DataResult result,
    String summary,
    Visualization visualization,
    QueryError error,
    int attempts,
    String idempotencyKey,
    Map<String, Long> stageTimingsMs,
    TokenUsage tokenUsage,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt,
    String engine,
    List<SqlAttempt> sqlAttempts,
    Map<String, TokenUsage> stageUsage,
    String instructions,
    UUID parentQueryId,
    int drafts,
    String interpretation,
    String callbackUrl) {
  public UserQuery {
    sqlAttempts = sqlAttempts == null ? List.of() : List.copyOf(sqlAttempts);
    stageUsage = stageUsage == null ? Map.of() : stageUsage;
  }
}
