package com.sqm.store;

import com.sqm.model.AuditEvent;

/**
 * Where anything worth auditing is appended: refusals (rate limits, forbidden data sources) and
 * admin changes. Query submits, completions and failures are written by the store itself, with the
 * query's own writes.
 */
public interface AuditLog {
  /** Records nothing (tests, tools without a store). */
  AuditLog NONE = event -> {};

  /**
   * Appends {@code event}.
   *
   * @throws StoreException when the store cannot be reached
   */
  void record(AuditEvent event);
}
