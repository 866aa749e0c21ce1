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
      return new QueryCursor(
          Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw invalid();
    }
  }

  private static SqmException invalid() {
    return new SqmException(
        ErrorCode.VALIDATION_ERROR, "cursor is not one this service returned", "cursor");
  }
}
