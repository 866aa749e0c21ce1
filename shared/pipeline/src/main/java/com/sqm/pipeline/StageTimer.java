package com.sqm.pipeline;

import com.sqm.model.QueryStage;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs one answer's stages: each starts only if the time budget covers the longest it may take, and
 * is reported to the progress recorder with how long it took.
 */
final class StageTimer {
  private final Clock clock;
  private final ProgressRecorder progress;
  private final TimeBudget budget;

  StageTimer(Clock clock, ProgressRecorder progress, TimeBudget budget) {
    this.clock = clock;
    this.progress = progress;
    this.budget = budget;
  }

  ProgressRecorder progress() {
    return progress;
  }

  /**
   * Runs {@code work} as {@code stage}, which may take up to {@code longest}.
   *
   * @throws OutOfTimeException before starting, when less time than {@code longest} is left
   */
  <T> T run(QueryStage stage, Duration longest, Supplier<T> work) {
    Duration left = budget.remaining();
    if (left.compareTo(longest) < 0) {
      throw new OutOfTimeException(stage, longest, left);
    }
    progress.stageStarted(stage);
    long start = clock.millis();
    try {
      return work.get();
    } finally {
      progress.stageFinished(stage, clock.millis() - start);
    }
  }
}
