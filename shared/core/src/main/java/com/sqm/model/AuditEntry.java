package com.sqm.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One row of the audit log as {@code GET /audit} returns it. */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String dataSourceId,
    UUID queryId,
    String question,
    String sql,
    String outcome,
    String errorCode,
    JsonNode detail) {}
