package com.sqm.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored question and everything the pipeline recorded while answering it. */
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
    Instant completedAt) {}
