package com.sqm.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One completion event as kept in the outbox: its stable {@code id} (the same on every resend),
 * {@code detailType} ({@link #COMPLETED} or {@link #FAILED}), when the query finished, and the
 * detail.
 */
public record CompletionEvent(UUID id, String detailType, Instant time, CompletionDetail detail) {
  public static final String COMPLETED = "QueryCompleted";
  public static final String FAILED = "QueryFailed";
}
