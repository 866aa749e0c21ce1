package com.sqm.model;

/** Machine-readable error codes a caller can act on. */
public enum ErrorCode {
  VALIDATION_ERROR(400),
  INVALID_JSON(400),
  UNAUTHORIZED(401),
  /** The caller is signed in but may not do this (an admin API called by a non-admin). */
  FORBIDDEN(403),
  /**
   * The caller may not ask about this data source: not granted, or (to a non-admin, so ids cannot
   * be probed) unknown or disabled.
   */
  DATASOURCE_FORBIDDEN(403),
  NOT_FOUND(404),
  DATASOURCE_NOT_FOUND(404),
  DATASOURCE_DISABLED(409),
  IDEMPOTENCY_KEY_REUSED(422),
  QUESTION_NOT_ANSWERABLE(422),
  SQL_REJECTED(422),
  SQL_TOO_EXPENSIVE(422),
  /** SQL a caller supplied passed the guard but the data source refused or could not finish it. */
  SQL_FAILED(422),
  /** The caller sent more questions than their limit allows; try again after Retry-After. */
  RATE_LIMITED(429),
  /** The user has spent their daily budget of model tokens; the query ends FAILED with this. */
  BUDGET_EXCEEDED(429),
  DATASOURCE_TIMEOUT(504),
  DATASOURCE_ERROR(502),
  ENGINE_ERROR(502),
  MODEL_UNAVAILABLE(503),
  QUEUE_UNAVAILABLE(503),
  /** The query store (Postgres) could not be reached; nothing was stored. */
  STORE_UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
