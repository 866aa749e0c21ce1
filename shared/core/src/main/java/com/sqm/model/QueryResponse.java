package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A query as callers see it over the API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryResponse(
    UUID id,
    String question,
    String dataSourceId,
    QueryStatus status,
    QueryStage stage,
    AIAnalysis analysis,
    String sql,
    DataResult result,
    String summary,
    Visualization visualization,
    QueryError error,
    Map<String, Long> stageTimingsMs,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {

  public static QueryResponse from(UserQuery q) {
    return new QueryResponse(
        q.id(),
        q.question(),
        q.dataSourceId(),
        q.status(),
        q.stage(),
        q.analysis(),
        q.sql(),
        q.result(),
        q.summary(),
        q.visualization(),
        q.error(),
        q.stageTimingsMs(),
        q.createdAt(),
        q.updatedAt(),
        q.completedAt());
  }
}
