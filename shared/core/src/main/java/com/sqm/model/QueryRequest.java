package com.sqm.model;

/**
 * The body of {@code POST /queries}. {@code parentQueryId} is text so that a malformed id is a
 * validation error naming the field rather than a parse error. {@code callbackUrl}, when given,
 * receives the completion event as a signed webhook.
 */
public record QueryRequest(
    String question,
    String dataSourceId,
    QueryOptions options,
    String idempotencyKey,
    String instructions,
    String parentQueryId,
    String callbackUrl) {

  public QueryRequest(
      String question, String dataSourceId, QueryOptions options, String idempotencyKey) {
    this(question, dataSourceId, options, idempotencyKey, null, null, null);
  }

  public QueryRequest(
      String question,
      String dataSourceId,
      QueryOptions options,
      String idempotencyKey,
      String instructions,
      String parentQueryId) {
    this(question, dataSourceId, options, idempotencyKey, instructions, parentQueryId, null);
  }

  /** The same request with {@code key} as its idempotency key. */
  public QueryRequest withIdempotencyKey(String key) {
    return new QueryRequest(
        question, dataSourceId, options, key, instructions, parentQueryId, callbackUrl);
  }
}
