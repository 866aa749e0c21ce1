package com.sqm.model;

import java.util.List;

/**
 * A question submitted by event: the {@code detail} of an EventBridge {@code QueryRequested} event,
 * or the body of an intake queue message. The fields of {@link QueryRequest} plus the caller, which
 * an event carries itself ({@code userId}; {@code groups}, honoured only from trusted sources).
 */
public record IntakeRequest(
    String userId,
    List<String> groups,
    String question,
    String dataSourceId,
    QueryOptions options,
    String idempotencyKey,
    String instructions,
    String parentQueryId) {

  /** The question as {@code POST /queries} would carry it, under {@code key}. */
  public QueryRequest toQueryRequest(String key) {
    return new QueryRequest(question, dataSourceId, options, key, instructions, parentQueryId);
  }
}
