package com.sqm.local.runtime;

import com.sqm.queue.QueryQueue;
import com.sqm.store.QueryRepository;
import java.util.List;
import java.util.UUID;

/**
 * Puts back on the queue the queries a previous run accepted but did not finish. The local queue
 * lives in memory, so its messages die with the process while the queries stay in Postgres.
 * PROCESSING rows were interrupted by the previous shutdown: no worker holds them any more, and
 * claimForProcessing takes them up again (counting the attempt).
 */
final class PendingQueryRecovery {
  private static final int MAX_REQUEUED = 10_000;

  private PendingQueryRecovery() {}

  /** Enqueues every unfinished query; returns how many. */
  static int requeue(QueryRepository queries, QueryQueue queue) {
    List<UUID> unfinished = queries.findUnfinishedIds(MAX_REQUEUED);
    unfinished.forEach(queue::enqueue);
    return unfinished.size();
  }
}
