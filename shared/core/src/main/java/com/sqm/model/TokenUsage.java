package com.sqm.model;

/**
 * Model tokens spent on a stage or a query, and their estimated cost in US dollars; zero for the
 * offline engine.
 */
public record TokenUsage(long promptTokens, long completionTokens, double estimatedCostUsd) {
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  public TokenUsage(long promptTokens, long completionTokens) {
    this(promptTokens, completionTokens, 0);
  }

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        promptTokens + other.promptTokens,
        completionTokens + other.completionTokens,
        estimatedCostUsd + other.estimatedCostUsd);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
