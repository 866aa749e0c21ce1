package com.sqm.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Grants: which principals ({@code user:<sub>}, {@code group:<name>}, {@code everyone}) may use a
 * data source.
 */
public interface DataSourceGrantRepository {
  /** One grant: who may use the data source, who granted it and when. */
  record Grant(String dataSourceId, String principal, String grantedBy, Instant grantedAt) {}

  /**
   * Grants {@code principal} the data source; a repeated grant keeps the first one. Returns the
   * grant as stored.
   */
  Grant grant(String dataSourceId, String principal, String grantedBy);

  /** Withdraws the grant; whether there was one. */
  boolean revoke(String dataSourceId, String principal);

  /** The grants of one data source, by principal. */
  List<Grant> grantsOf(String dataSourceId);

  /** The ids of the data sources granted to any of {@code principals}. */
  Set<String> grantedTo(Collection<String> principals);
}
