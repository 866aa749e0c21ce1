package com.sqm.pipeline;

import com.sqm.model.QueryStage;
import java.util.UUID;
import java.util.function.Supplier;

/** Traces the worker's deliveries and their stages (X-Ray when on, else nothing). */
public interface StageTracer {
  /** Traces nothing. */
  StageTracer NONE =
      new StageTracer() {
        @Override
        public Span delivery(UUID queryId) {
          return () -> {};
        }

        @Override
        public <T> T stage(QueryStage stage, Supplier<T> work) {
          return work.get();
        }
      };

  /** The trace of one delivery of {@code queryId}; closing it ends it. */
  Span delivery(UUID queryId);

  /** Runs {@code work} as {@code stage} of the current delivery; a failure marks the stage. */
  <T> T stage(QueryStage stage, Supplier<T> work);

  /** An open trace; {@link #close()} never throws. */
  interface Span extends AutoCloseable {
    @Override
    void close();
  }
}
