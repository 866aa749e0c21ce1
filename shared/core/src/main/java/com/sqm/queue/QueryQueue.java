package com.sqm.queue;

import java.time.Duration;
import java.util.UUID;

/** Hands accepted query ids to the worker. */
public interface QueryQueue {
  /** Sends the id; throws {@link com.sqm.model.SqmException} with QUEUE_UNAVAILABLE on failure. */
  void enqueue(UUID queryId);

  /**
   * Has a message the worker received come back after {@code delay} instead of after the queue's
   * visibility timeout: the backoff before a retry. Best effort: if the queue cannot be told, the
   * message comes back after the visibility timeout anyway.
   */
  void redeliverAfter(String receiptHandle, Duration delay);

  /** Round-trips to the queue service; used by the health check. */
  void ping();
}
