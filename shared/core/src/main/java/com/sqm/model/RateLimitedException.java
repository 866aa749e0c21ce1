package com.sqm.model;

import java.time.Duration;

/** The caller is over a rate limit ({@code RATE_LIMITED}); the next permit comes after a wait. */
public final class RateLimitedException extends SqmException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  public RateLimitedException(String message, Duration retryAfter) {
    super(ErrorCode.RATE_LIMITED, message);
    this.retryAfter = retryAfter;
  }

  /** The wait until the next permit, rounded up to whole seconds and at least 1 s. */
  public long retryAfterSeconds() {
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }
}
