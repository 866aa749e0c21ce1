package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A query as callers see it over the API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryResponse(
    UUID id,
    String question,
    String dataSourceId,
    UUID parentQueryId,
    String instructions,
    QueryStatus status,
    QueryStage stage,
    String engine,
    AIAnalysis analysis,
    String sql,
    List<SqlAttempt> sqlAttempts,
    DataResult result,
    String summary,
    Visualization visualization,
    QueryError error,
    Map<String, Long> stageTimingsMs,
    QueryUsage usage,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {

  public static QueryResponse from(UserQuery q) {
    return new QueryResponse(
        q.id(),
        q.question(),
        q.dataSourceId(),
        q.parentQueryId(),
        q.instructions(),
        q.status(),
        q.stage(),
        q.engine(),
        q.analysis(),
        q.sql(),
        q.sqlAttempts(),
        // Rows kept as a checkpoint while the answer is being written are not the answer yet.
        q.status() == QueryStatus.COMPLETED ? q.result() : null,
        q.summary(),
        q.visualization(),
        q.error(),
        q.stageTimingsMs(),
        new QueryUsage(q.stageUsage(), q.tokenUsage()),
        q.createdAt(),
        q.updatedAt(),
        q.completedAt());
  }
}
