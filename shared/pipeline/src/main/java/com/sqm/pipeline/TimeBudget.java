package com.sqm.pipeline;

import java.time.Duration;

/**
 * How long the worker may still run: in Lambda, the invocation's remaining time. A stage starts
 * only when the time left covers the longest it may take, so no stage outlives the function.
 */
@FunctionalInterface
public interface TimeBudget {
  /** No deadline: {@code ./sqm ask}, the evaluation, benchmarks. */
  TimeBudget UNLIMITED = () -> Duration.ofDays(1);

  Duration remaining();
}
