package com.sqm.service;

import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.SqmException;
import java.time.Duration;

/**
 * How long {@code GET /queries/{id}?wait=N} may hold the request for the query's status or stage to
 * change, and optionally what the caller last saw ({@code status}, {@code stage}): a row that
 * already differs from that answers at once. Without them the row as the request found it is the
 * baseline.
 */
public record ProgressWait(Duration timeout, QueryStatus seenStatus, QueryStage seenStage) {
  /**
   * The longest wait: well under API Gateway's 30 s integration timeout (and the function's), with
   * room for the reads around it.
   */
  public static final int MAX_SECONDS = 20;

  /** Answer at once. */
  public static final ProgressWait NONE = new ProgressWait(Duration.ZERO, null, null);

  public ProgressWait {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
  }

  /**
   * A wait of {@code seconds} (null: none), VALIDATION_ERROR naming {@code wait} unless 0 to
   * {@value #MAX_SECONDS}.
   */
  public static ProgressWait of(Integer seconds, QueryStatus seenStatus, QueryStage seenStage) {
    int value = seconds == null ? 0 : seconds;
    if (value < 0 || value > MAX_SECONDS) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "wait must be a whole number of seconds from 0 to " + MAX_SECONDS,
          "wait");
    }
    return new ProgressWait(Duration.ofSeconds(value), seenStatus, seenStage);
  }

  /** This wait, shortened to {@code limit} (e.g. what is left of the function's time). */
  public ProgressWait atMost(Duration limit) {
    Duration bounded = limit.isNegative() ? Duration.ZERO : limit;
    return timeout.compareTo(bounded) <= 0
        ? this
        : new ProgressWait(bounded, seenStatus, seenStage);
  }
}
