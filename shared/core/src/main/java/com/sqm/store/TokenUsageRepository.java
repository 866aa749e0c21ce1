package com.sqm.store;

import java.time.Instant;

/** The model tokens users spent, as recorded on their queries. */
public interface TokenUsageRepository {
  /**
   * Prompt and completion tokens spent on {@code userId}'s queries created at or after {@code
   * since}, including those still being answered.
   */
  long tokensSpentSince(String userId, Instant since);
}
