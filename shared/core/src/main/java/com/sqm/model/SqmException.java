package com.sqm.model;

/** A failure with a code a caller can act on; the message is safe to show to the caller. */
public class SqmException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;
  private final String field;

  public SqmException(ErrorCode code, String message) {
    this(code, message, null, null);
  }

  public SqmException(ErrorCode code, String message, String field) {
    this(code, message, field, null);
  }

  public SqmException(ErrorCode code, String message, String field, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.field = field;
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
