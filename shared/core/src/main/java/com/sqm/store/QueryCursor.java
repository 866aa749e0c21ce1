package com.sqm.store;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in a user's history: the (created_at, id) of the last item of a page, sent to callers as
 * opaque URL-safe base64 so they cannot depend on its content.
 */
public record QueryCursor(Instant createdAt, UUID id) {
  /** Bounds of a time the query store can have written; a cursor outside them was tampered with. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  public String encode() {
    String raw = createdAt + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor a caller sent back; anything else is a VALIDATION_ERROR on {@code cursor}. */
  public static QueryCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar < 0) {
        throw invalid();
      }
      Instant createdAt = Instant.parse(raw.substring(0, bar));
      if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
        // Edited by hand: Postgres (and OffsetDateTime) cannot hold such a time.
        throw invalid();
      }
      return new QueryCursor(createdAt, UUID.fromString(raw.substring(bar + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw invalid();
    }
  }

  private static SqmException invalid() {
    return new SqmException(
        ErrorCode.VALIDATION_ERROR, "cursor is not one this service returned", "cursor");
  }
}
