package com.sqm.pipeline;

import com.sqm.ai.QueryEngine;
import java.util.Optional;

/**
 * The engine that answers questions and, when configured, the one that answers instead while the
 * first one's model cannot be reached ({@code MODEL_UNAVAILABLE}). Closing it releases the engines'
 * clients.
 */
public record EngineChoice(QueryEngine primary, Optional<QueryEngine> fallback)
    implements AutoCloseable {
  public static EngineChoice of(QueryEngine primary) {
    return new EngineChoice(primary, Optional.empty());
  }

  public String name() {
    return primary.name();
  }

  @Override
  public void close() {
    try {
      primary.close();
    } finally {
      fallback.ifPresent(QueryEngine::close);
    }
  }
}
