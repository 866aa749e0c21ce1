package com.sqm.model;

/** Model tokens spent on a query; zero for the offline engine. */
public record TokenUsage(long promptTokens, long completionTokens) {
  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        promptTokens + other.promptTokens, completionTokens + other.completionTokens);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
