package com.sqm.metrics;

import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStage;
import com.sqm.model.TokenUsage;
import java.time.Duration;

/**
 * The measurements of one delivery of a query to the worker, published together when it is closed
 * (see {@link MetricNames}). Not shared between threads: each delivery opens its own.
 */
public interface QueryMetrics extends AutoCloseable {
  /** Measures nothing. */
  QueryMetrics NONE = new QueryMetrics() {};

  /** The message waited this long on the work queue before this delivery picked it up. */
  default void queueAge(Duration age) {}

  /** One run of {@code stage} took {@code millis}. */
  default void stageLatency(QueryStage stage, long millis) {}

  /** {@code engine} (a configured name such as {@code openai:gpt-4o-mini}) spent {@code usage}. */
  default void modelUsed(String engine, TokenUsage usage) {}

  /** The answer cache held the question's answer, or did not. */
  default void answerCache(boolean hit) {}

  /** The query completed. */
  default void completed() {}

  /** The query ended FAILED with {@code code}. */
  default void failed(ErrorCode code) {}

  /** The query was handed back for another delivery. */
  default void retried() {}

  /** Publishes what was measured; nothing is measured after. */
  @Override
  default void close() {}
}
