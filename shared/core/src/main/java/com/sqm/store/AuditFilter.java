package com.sqm.store;

import java.time.Instant;

/**
 * Which audit rows to list: by actor and data source (null: any), at or after {@code from} and
 * before {@code to} (null: unbounded).
 */
public record AuditFilter(String actor, String dataSourceId, Instant from, Instant to) {
  public static final AuditFilter ALL = new AuditFilter(null, null, null, null);
}
