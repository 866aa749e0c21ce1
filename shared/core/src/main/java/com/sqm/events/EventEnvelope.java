package com.sqm.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * A completion event in EventBridge's event shape ({@code id}, {@code source}, {@code detail-type},
 * {@code time}, {@code detail}): a line of the local {@code events.jsonl} and the body of a
 * webhook.
 */
@JsonPropertyOrder({"id", "source", "detail-type", "time", "detail"})
public record EventEnvelope(
    UUID id,
    String source,
    @JsonProperty("detail-type") String detailType,
    Instant time,
    CompletionDetail detail) {

  /** The {@code source} of every event this service publishes. */
  public static final String SOURCE = "sqm";

  public static EventEnvelope of(CompletionEvent event) {
    return new EventEnvelope(event.id(), SOURCE, event.detailType(), event.time(), event.detail());
  }
}
