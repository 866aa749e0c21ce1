package com.sqm.ai;

import com.sqm.model.TokenUsage;

/** A value an engine produced and the model tokens it cost. */
public record EngineAnswer<T>(T value, TokenUsage usage) {
  public static <T> EngineAnswer<T> free(T value) {
    return new EngineAnswer<>(value, TokenUsage.NONE);
  }
}
