package com.sqm.model;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event to append to the audit log: who ({@code actor}, a user id) did what, against which data
 * source and query, with which question and SQL, and the outcome ({@code ACCEPTED}, {@code
 * COMPLETED}, {@code FAILED}, {@code REFUSED}, {@code DONE}); {@code detail} holds anything else
 * worth keeping (never secrets or result rows). Everything but actor, action and outcome may be
 * null.
 */
public record AuditEvent(
    String actor,
    AuditAction action,
    String dataSourceId,
    UUID queryId,
    String question,
    String sql,
    String outcome,
    ErrorCode errorCode,
    Map<String, Object> detail) {

  public static final String ACCEPTED = "ACCEPTED";
  public static final String REFUSED = "REFUSED";
  public static final String DONE = "DONE";

  public AuditEvent {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }

  /**
   * {@code caller} was refused {@code action} with {@code code} (FORBIDDEN, DATASOURCE_FORBIDDEN,
   * RATE_LIMITED, …); {@code question} may be null.
   */
  public static AuditEvent refused(
      Caller caller,
      AuditAction action,
      String dataSourceId,
      String question,
      ErrorCode code,
      Map<String, Object> detail) {
    return new AuditEvent(
        caller.id(), action, dataSourceId, null, question, null, REFUSED, code, detail);
  }

  /**
   * An admin's change: {@code action} (an {@code ADMIN_*}) on {@code dataSourceId}, with what
   * changed in {@code detail} (never a credential).
   */
  public static AuditEvent adminChange(
      Caller admin, AuditAction action, String dataSourceId, Map<String, Object> detail) {
    return new AuditEvent(admin.id(), action, dataSourceId, null, null, null, DONE, null, detail);
  }
}
