package com.sqm.events;

import com.sqm.model.QueryStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The detail of a completion event: its {@code eventId} (the same on every resend: consumers drop
 * duplicates by it), which query finished, whose, on which data source, how ({@code summary} when
 * COMPLETED, {@code error} when FAILED; the other is null) and where to read it ({@code
 * links.self}).
 */
public record CompletionDetail(
    UUID eventId,
    UUID id,
    String userId,
    String dataSourceId,
    QueryStatus status,
    String summary,
    Error error,
    Map<String, String> links,
    Instant completedAt) {

  /** Why the query failed: the error code a caller can act on and its sentence. */
  public record Error(String code, String message) {}
}
