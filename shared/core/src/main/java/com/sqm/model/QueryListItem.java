package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A query as listed in a user's history: what was asked and how it ended, without the result rows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryListItem(
    UUID id,
    String question,
    String dataSourceId,
    UUID parentQueryId,
    QueryStatus status,
    QueryStage stage,
    String summary,
    QueryError error,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt) {

  public static QueryListItem from(UserQuery q) {
    return new QueryListItem(
        q.id(),
        q.question(),
        q.dataSourceId(),
        q.parentQueryId(),
        q.status(),
        q.stage(),
        q.summary(),
        q.error(),
        q.createdAt(),
        q.updatedAt(),
        q.completedAt());
  }
}
