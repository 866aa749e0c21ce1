package com.sqm.store;

import com.sqm.model.AuditEntry;

/** The audit log, appended to and read back by admins. */
public interface AuditRepository extends AuditLog {
  /** Rows matching {@code filter}, newest first, after {@code cursor} (null for the first page). */
  Page<AuditEntry> find(AuditFilter filter, String cursor, int limit);
}
