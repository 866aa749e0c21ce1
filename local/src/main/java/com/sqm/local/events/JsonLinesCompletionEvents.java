package com.sqm.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.config.Json;
import com.sqm.events.CompletionEvent;
import com.sqm.events.CompletionEvents;
import com.sqm.events.EventEnvelope;
import com.sqm.events.EventPublishException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local event bus: appends each completion event to a JSON-lines file ({@code
 * <data-dir>/events.jsonl}), one object per line in EventBridge's event shape ({@link
 * EventEnvelope}). A line is written whole or not at all, so {@code tail -f} shows whole events.
 */
public final class JsonLinesCompletionEvents implements CompletionEvents {
  private final Path file;
  private final ObjectMapper json = Json.mapper();

  public JsonLinesCompletionEvents(Path file) {
    this.file = file;
  }

  @Override
  public synchronized Map<UUID, String> publish(List<CompletionEvent> events) {
    StringBuilder lines = new StringBuilder();
    for (CompletionEvent event : events) {
      try {
        lines.append(json.writeValueAsString(EventEnvelope.of(event))).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("event not serialisable", e);
      }
    }
    try {
      Files.writeString(
          file,
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new EventPublishException("could not append to " + file + ": " + e.getMessage(), e);
    }
    return Map.of();
  }

  public Path file() {
    return file;
  }
}
