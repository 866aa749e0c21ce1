package com.sqm.store;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Position in the audit log: the (at, id) of the last row of a page, sent to callers as opaque
 * URL-safe base64 (as {@link QueryCursor} does for a history).
 */
public record AuditCursor(Instant at, long id) {
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  public String encode() {
    String raw = "a|" + at + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor a caller sent back; anything else is a VALIDATION_ERROR on {@code cursor}. */
  public static AuditCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", -1);
      if (parts.length != 3 || !parts[0].equals("a")) {
        throw invalid();
      }
      Instant at = Instant.parse(parts[1]);
      if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
        throw invalid();
      }
      return new AuditCursor(at, Long.parseLong(parts[2]));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw invalid();
    }
  }

  private static SqmException invalid() {
    return new SqmException(
        ErrorCode.VALIDATION_ERROR, "cursor is not one this service returned", "cursor");
  }
}
