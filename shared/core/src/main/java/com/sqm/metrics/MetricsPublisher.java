package com.sqm.metrics;

import java.util.UUID;

/** Opens the {@link QueryMetrics} of each delivery; one per container. */
@FunctionalInterface
public interface MetricsPublisher {
  /** Publishes nothing (tests, tools). */
  MetricsPublisher NONE = queryId -> QueryMetrics.NONE;

  /** The measurements of one delivery of the query {@code queryId} (null when unreadable). */
  QueryMetrics open(UUID queryId);
}
