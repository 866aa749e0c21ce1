package com.sqm.model;

import java.util.List;

/**
 * A registered data source: where it is ({@code connectionRef}, resolved at run time, never a
 * secret in logs), which schemas user SQL may read, and the limits its queries run under.
 */
public record DataSourceConfig(
    String id,
    String name,
    String description,
    String connectionRef,
    List<String> allowedSchemas,
    boolean enabled,
    DataSourceLimits limits) {
  public DataSourceConfig {
    allowedSchemas =
        allowedSchemas == null || allowedSchemas.isEmpty()
            ? List.of("public")
            : List.copyOf(allowedSchemas);
    limits = limits == null ? DataSourceLimits.DEFAULTS : limits;
  }
}
