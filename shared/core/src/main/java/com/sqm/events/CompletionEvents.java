package com.sqm.events;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Where completion events are published: an EventBridge bus, or a local file. */
public interface CompletionEvents {

  /** Accepts every event and publishes nothing: no bus is configured. */
  CompletionEvents NONE = events -> Map.of();

  /**
   * Publishes {@code events}; returns those that were not accepted, by event id, with the reason
   * (the others were).
   *
   * @throws EventPublishException when the bus could not be reached: none was published
   */
  Map<UUID, String> publish(List<CompletionEvent> events);
}
