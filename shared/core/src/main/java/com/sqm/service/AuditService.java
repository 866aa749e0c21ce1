package com.sqm.service;

import com.sqm.model.AuditEntry;
import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.store.AuditFilter;
import com.sqm.store.AuditRepository;
import com.sqm.store.Page;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Admins' reading of the audit log: filtered by user, data source and time, newest first. */
public final class AuditService {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  /** Longer than any user id or data source id the service accepts. */
  private static final int MAX_FILTER_LENGTH = 256;

  private final AuditRepository audit;

  public AuditService(AuditRepository audit) {
    this.audit = audit;
  }

  /**
   * Audit rows for an admin, newest first: of {@code user} and {@code dataSource} when given, at or
   * after {@code from} and before {@code to} (ISO-8601 instants, e.g. {@code
   * 2026-11-26T00:00:00Z}); {@code limit} null means {@value #DEFAULT_LIMIT}.
   *
   * @throws SqmException FORBIDDEN for a caller who is not an admin; VALIDATION_ERROR naming the
   *     field for a malformed filter, time, limit or cursor
   */
  public Page<AuditEntry> search(
      Caller caller,
      String user,
      String dataSource,
      String from,
      String to,
      String cursor,
      Integer limit) {
    if (!caller.admin()) {
      throw new SqmException(ErrorCode.FORBIDDEN, "only admins may read the audit log", null);
    }
    int pageSize = limit == null ? DEFAULT_LIMIT : limit;
    if (pageSize < 1 || pageSize > MAX_LIMIT) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "limit must be between 1 and " + MAX_LIMIT, "limit");
    }
    Instant fromInstant = instant(from, "from");
    Instant toInstant = instant(to, "to");
    if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
      throw new SqmException(ErrorCode.VALIDATION_ERROR, "from must be before to", "from");
    }
    AuditFilter filter =
        new AuditFilter(
            filterValue(user, "user"),
            filterValue(dataSource, "dataSource"),
            fromInstant,
            toInstant);
    return audit.find(filter, cursor, pageSize);
  }

  private static String filterValue(String raw, String field) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (raw.length() > MAX_FILTER_LENGTH || raw.chars().anyMatch(Character::isISOControl)) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          field + " must be at most " + MAX_FILTER_LENGTH + " characters, none of them control",
          field);
    }
    return raw;
  }

  private static Instant instant(String raw, String field) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      Instant value = Instant.parse(raw.strip());
      // Postgres' timestamptz holds years 4713 BC to 294276 AD; keep well inside.
      if (value.isBefore(Instant.parse("0001-01-01T00:00:00Z"))
          || value.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
        throw new DateTimeParseException("out of range", raw, 0);
      }
      return value;
    } catch (DateTimeParseException e) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          field + " must be an ISO-8601 instant such as 2026-11-26T00:00:00Z",
          field);
    }
  }
}
