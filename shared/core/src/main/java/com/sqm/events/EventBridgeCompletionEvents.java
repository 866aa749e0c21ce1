package com.sqm.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.config.AppConfig;
import com.sqm.config.AwsClients;
import com.sqm.config.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@link CompletionEvents} on an Amazon EventBridge bus: {@code PutEvents} with source {@value
 * EventEnvelope#SOURCE}, the event's detail type and its detail as JSON, at most ten entries a call
 * (the API's limit).
 */
public final class EventBridgeCompletionEvents implements CompletionEvents {
  static final int MAX_ENTRIES_PER_CALL = 10;

  private final EventBridgeClient client;
  private final String busName;
  private final ObjectMapper json = Json.mapper();

  public EventBridgeCompletionEvents(EventBridgeClient client, String busName) {
    this.client = client;
    this.busName = busName;
  }

  /**
   * An EventBridge client configured as {@link AwsClients#configure} does, with {@code
   * SQM_EVENTS_ENDPOINT} (LocalStack, tests) as its endpoint override.
   */
  public static EventBridgeClient client(AppConfig config) {
    return AwsClients.configure(
            EventBridgeClient.builder(), config.awsRegion(), config.events().endpoint())
        .build();
  }

  @Override
  public Map<UUID, String> publish(List<CompletionEvent> events) {
    Map<UUID, String> failed = new LinkedHashMap<>();
    for (int from = 0; from < events.size(); from += MAX_ENTRIES_PER_CALL) {
      List<CompletionEvent> chunk =
          events.subList(from, Math.min(events.size(), from + MAX_ENTRIES_PER_CALL));
      failed.putAll(put(chunk));
    }
    return failed;
  }

  private Map<UUID, String> put(List<CompletionEvent> chunk) {
    List<PutEventsRequestEntry> entries = new ArrayList<>();
    for (CompletionEvent event : chunk) {
      entries.add(
          PutEventsRequestEntry.builder()
              .eventBusName(busName)
              .source(EventEnvelope.SOURCE)
              .detailType(event.detailType())
              .time(event.time())
              .detail(detailJson(event))
              .build());
    }
    PutEventsResponse response;
    try {
      response = client.putEvents(b -> b.entries(entries));
    } catch (SdkException e) {
      throw new EventPublishException(
          "the event bus did not take the events: " + e.getMessage(), e);
    }
    Map<UUID, String> failed = new LinkedHashMap<>();
    if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
      return failed;
    }
    // Result entries come in the order of the request's entries.
    List<PutEventsResultEntry> results = response.entries();
    for (int i = 0; i < chunk.size(); i++) {
      PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
      if (result == null || result.errorCode() != null) {
        failed.put(
            chunk.get(i).id(),
            result == null
                ? "no result for the entry"
                : result.errorCode() + ": " + result.errorMessage());
      }
    }
    return failed;
  }

  private String detailJson(CompletionEvent event) {
    try {
      return json.writeValueAsString(event.detail());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event detail not serialisable", e);
    }
  }
}
