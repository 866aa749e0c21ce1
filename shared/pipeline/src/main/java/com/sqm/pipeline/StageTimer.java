package com.sqm.pipeline;

import com.sqm.ai.QueryEngine;
import com.sqm.model.QueryStage;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs one answer's stages: each starts only if the time budget covers the longest it may take
 * (and, for a stage that calls a model, once the {@link ModelCallGate} lets it), and is reported to
 * the progress recorder with how long it took, and traced.
 */
final class StageTimer {
  private final Clock clock;
  private final ProgressRecorder progress;
  private final TimeBudget budget;
  private final ModelCallGate gate;
  private final StageTracer tracer;

  StageTimer(Clock clock, ProgressRecorder progress, TimeBudget budget, ModelCallGate gate) {
    this(clock, progress, budget, gate, StageTracer.NONE);
  }

  StageTimer(
      Clock clock,
      ProgressRecorder progress,
      TimeBudget budget,
      ModelCallGate gate,
      StageTracer tracer) {
    this.clock = clock;
    this.progress = progress;
    this.budget = budget;
    this.gate = gate;
    this.tracer = tracer;
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
    return run(stage, longest, ModelCallGate.OPEN, work);
  }

  /**
   * Runs {@code work}, which calls {@code engine}, as {@code stage}: as {@link #run}, and for an
   * engine that spends tokens only once the gate lets the call through.
   *
   * @throws com.sqm.model.SqmException BUDGET_EXCEEDED from the gate, before the stage starts
   */
  <T> T runModelCall(QueryStage stage, QueryEngine engine, Supplier<T> work) {
    return run(
        stage, engine.longestCall(), engine.spendsTokens() ? gate : ModelCallGate.OPEN, work);
  }

  private <T> T run(QueryStage stage, Duration longest, ModelCallGate gate, Supplier<T> work) {
    Duration left = budget.remaining();
    if (left.compareTo(longest) < 0) {
      throw new OutOfTimeException(stage, longest, left);
    }
    gate.beforeModelCall();
    progress.stageStarted(stage);
    long start = clock.millis();
    try {
      return tracer.stage(stage, work);
    } finally {
      progress.stageFinished(stage, clock.millis() - start);
    }
  }
}
