package com.sqm.pipeline;

import com.sqm.model.QueryStage;
import java.time.Clock;
import java.util.function.Supplier;

/** Runs a stage's work between its start and finish reports, with how long it took. */
final class StageTimer {
  private final Clock clock;

  StageTimer(Clock clock) {
    this.clock = clock;
  }

  <T> T run(ProgressRecorder progress, QueryStage stage, Supplier<T> work) {
    progress.stageStarted(stage);
    long start = clock.millis();
    try {
      return work.get();
    } finally {
      progress.stageFinished(stage, clock.millis() - start);
    }
  }
}
