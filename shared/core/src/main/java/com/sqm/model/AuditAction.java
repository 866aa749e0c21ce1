package com.sqm.model;

/**
 * What an audit row records. The query lifecycle rows (submitted, completed, failed) are written by
 * the database with the query's own writes; the others by the code that decides them.
 */
public enum AuditAction {
  QUERY_SUBMITTED,
  QUERY_COMPLETED,
  QUERY_FAILED,
  /** A question or read the caller was not allowed (e.g. a data source not granted to them). */
  QUERY_FORBIDDEN,
  /** A submit refused for being over the caller's rate limit. */
  RATE_LIMITED,
  ADMIN_DATASOURCE_CREATED,
  ADMIN_DATASOURCE_UPDATED,
  ADMIN_DATASOURCE_DELETED,
  ADMIN_TEMPLATE_CREATED,
  ADMIN_TEMPLATE_DELETED,
  ADMIN_GRANT_ADDED,
  ADMIN_GRANT_REMOVED
}
