package com.sqm.service;

/** Whether a user may still spend model tokens; the worker asks before every call to a model. */
public interface TokenBudget {
  /** No budget: the setting is 0, or nothing records what was spent. */
  TokenBudget UNLIMITED = userId -> {};

  /**
   * Returns when {@code userId} may spend more tokens.
   *
   * @throws com.sqm.model.SqmException BUDGET_EXCEEDED, with a sentence saying the budget and when
   *     it resets, when they have spent it; STORE_UNAVAILABLE when what they spent cannot be read
   */
  void ensureRemaining(String userId);
}
