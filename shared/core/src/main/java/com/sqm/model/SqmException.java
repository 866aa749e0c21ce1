package com.sqm.model;

/**
 * A failure with a code a caller can act on; the message is safe to show to the caller.
 *
 * <p>A <em>transient</em> failure (a store, queue, network, data source or model that could not be
 * reached or was overloaded) may succeed if tried again later: the worker retries it with backoff
 * within the query's attempt budget and ends with its code only when the budget runs out. Any other
 * failure is permanent: retrying the same question would fail the same way.
 */
public class SqmException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;
  private final String field;
  private final boolean transientFailure;

  public SqmException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public SqmException(ErrorCode code, String message, String field) {
    this(code, message, field, null);
  }

  public SqmException(ErrorCode code, String message, String field, Throwable cause) {
    this(code, message, field, cause, false);
  }

  protected SqmException(
      ErrorCode code, String message, String field, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.code = code;
    this.field = field;
    this.transientFailure = transientFailure;
  }

  /** A failure that may succeed when tried again later; see the class comment. */
  public static SqmException transientFailure(ErrorCode code, String message, Throwable cause) {
    return new SqmException(code, message, null, cause, true);
  }

  /** Whether trying again later may succeed; see the class comment. */
  public boolean isTransient() {
    return transientFailure;
  }

  public ErrorCode code() {
    return code;
  }

  public String field() {
    return field;
  }

  public QueryError toError() {
    return new QueryError(code, getMessage(), field);
  }
}
