package com.sqm.queue;

import java.util.UUID;

/** Hands accepted query ids to the worker. */
public interface QueryQueue {
  /** Sends the id; throws {@link com.sqm.model.SqmException} with QUEUE_UNAVAILABLE on failure. */
  void enqueue(UUID queryId);

  /** Round-trips to the queue service; used by the health check. */
  void ping();
}
