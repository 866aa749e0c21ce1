package com.sqm.service;

import com.sqm.model.ErrorCode;
import java.util.UUID;

/**
 * What became of one event or intake message: a query stored (or found again, for a redelivery),
 * refused for good (redelivering it cannot help: drop it), or not handled for a passing reason
 * (deliver it again).
 */
public record IntakeOutcome(Kind kind, UUID queryId, ErrorCode code, String field) {

  /** The three ways an event ends. */
  public enum Kind {
    /** A new query was stored; {@code queryId} names it. */
    ACCEPTED,
    /** The event was seen before; {@code queryId} names the query it created. */
    REPEATED,
    /** Refused for good ({@code code}, {@code field}); nothing was stored. */
    REJECTED,
    /** Not handled for a passing reason ({@code code}); nothing was stored; deliver it again. */
    RETRY
  }

  static IntakeOutcome stored(UUID queryId, boolean created) {
    return new IntakeOutcome(created ? Kind.ACCEPTED : Kind.REPEATED, queryId, null, null);
  }

  static IntakeOutcome rejected(ErrorCode code, String field) {
    return new IntakeOutcome(Kind.REJECTED, null, code, field);
  }

  static IntakeOutcome retry(ErrorCode code) {
    return new IntakeOutcome(Kind.RETRY, null, code, null);
  }

  /** Whether the event should be delivered again. */
  public boolean retryable() {
    return kind == Kind.RETRY;
  }
}
