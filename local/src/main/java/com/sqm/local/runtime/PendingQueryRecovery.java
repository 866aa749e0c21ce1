package com.sqm.local.runtime;

import com.sqm.queue.QueryQueue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Puts back on the queue the queries a previous run accepted but did not finish. The local queue
 * lives in memory, so its messages die with the process while the queries stay in Postgres.
 */
final class PendingQueryRecovery {
  // PROCESSING rows were interrupted by the previous shutdown: no worker holds them any more, and
  // claimForProcessing takes them up again (counting the attempt).
  private static final String UNFINISHED =
      "SELECT id FROM user_query WHERE status IN ('PENDING', 'PROCESSING') ORDER BY created_at";

  private PendingQueryRecovery() {}

  /** Enqueues every unfinished query; returns how many. */
  static int requeue(DataSource store, QueryQueue queue) {
    List<UUID> unfinished = new ArrayList<>();
    try (Connection c = store.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(UNFINISHED)) {
      while (rs.next()) {
        unfinished.add(rs.getObject(1, UUID.class));
      }
    } catch (SQLException e) {
      throw new LocalStartupException("could not list unfinished queries: " + e.getMessage(), e);
    }
    unfinished.forEach(queue::enqueue);
    return unfinished.size();
  }
}
