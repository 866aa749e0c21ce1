package com.sqm.model;

import java.time.Duration;

/** The caller is over a rate limit ({@code RATE_LIMITED}); the next permit comes after a wait. */
public final class RateLimitedException extends SqmException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  /**
   * Over a limit of {@code perMinute} permits a minute; the next comes after {@code retryAfter}.
   */
  public RateLimitedException(int perMinute, Duration retryAfter) {
    super(
        ErrorCode.RATE_LIMITED,
        "too many questions: at most "
            + perMinute
            + " a minute; try again in "
            + wholeSeconds(retryAfter)
            + " s");
    this.retryAfter = retryAfter;
  }

  /** The wait until the next permit, rounded up to whole seconds and at least 1 s. */
  public long retryAfterSeconds() {
    return wholeSeconds(retryAfter);
  }

  private static long wholeSeconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }
}
