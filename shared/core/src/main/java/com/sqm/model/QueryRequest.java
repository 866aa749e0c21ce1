package com.sqm.model;

/**
 * The body of {@code POST /queries}. {@code parentQueryId} is text so that a malformed id is a
 * validation error naming the field rather than a parse error.
 */
public record QueryRequest(
    String question,
    String dataSourceId,
    QueryOptions options,
    String idempotencyKey,
    String instructions,
    String parentQueryId) {

  public QueryRequest(
      String question, String dataSourceId, QueryOptions options, String idempotencyKey) {
    this(question, dataSourceId, options, idempotencyKey, null, null);
  }

  /** The same request with {@code key} as its idempotency key. */
  public QueryRequest withIdempotencyKey(String key) {
    return new QueryRequest(question, dataSourceId, options, key, instructions, parentQueryId);
  }
}
