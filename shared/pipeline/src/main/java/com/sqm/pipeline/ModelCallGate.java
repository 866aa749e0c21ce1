package com.sqm.pipeline;

/**
 * Asked by {@link QuestionAnswerer} before each call to an engine that spends model tokens; the
 * worker's gate checks the asking user's daily token budget.
 */
@FunctionalInterface
public interface ModelCallGate {
  /** Lets every call through ({@code ./sqm ask}, the evaluation, a worker without a budget). */
  ModelCallGate OPEN = () -> {};

  /**
   * Returns when the next model call may be made.
   *
   * @throws com.sqm.model.SqmException (BUDGET_EXCEEDED) when it may not; no call is made then
   */
  void beforeModelCall();
}
