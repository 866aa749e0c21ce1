package com.sqm.model;

import java.util.List;

/**
 * The body of {@code POST /datasources} and {@code PUT /datasources/{id}}: a data source as an
 * admin describes it. {@code connectionRef} is a reference ({@code secret:NAME} or {@code
 * env:VAR}), never the credential; {@code limits} and {@code enabled} are optional.
 */
public record DataSourceRequest(
    String id,
    String name,
    String description,
    String connectionRef,
    List<String> allowedSchemas,
    Limits limits,
    Boolean enabled) {

  /** Optional limits; a missing one takes its default ({@link DataSourceLimits#DEFAULTS}). */
  public record Limits(
      Long statementTimeoutMs,
      Integer maxRows,
      Long maxResultBytes,
      Double maxCost,
      Double maxEstimatedRows) {}
}
