package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.AppConfig;
import com.sqm.config.Json;
import com.sqm.events.CompletionEvent;
import com.sqm.events.CompletionEvents;
import com.sqm.events.EventBridgeCompletionEvents;
import com.sqm.events.EventPublishException;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.store.CompletionEventRepository;
import com.sqm.store.CompletionEventRepository.StoredEvent;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.testing.MutableClock;
import com.sqm.testing.RecordingHttpServer;
import com.sqm.testing.TestEnvironment;
import com.sqm.webhook.CallbackUrlPolicy;
import com.sqm.webhook.HostResolver;
import com.sqm.webhook.WebhookSender;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Completion events on the real query store: written with the query's completion, published after
 * it (to an EventBridge endpoint that speaks the AWS JSON 1.1 protocol), and left for the sweeper
 * when publishing fails.
 */
class CompletionEventsIT {
  private static TestEnvironment env;
  private static QueryRepository queries;
  private static CompletionEventRepository events;

  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
  private final List<CompletionEvent> published = new ArrayList<>();

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("completion_events_it");
    queries = env.components().queries();
    events = env.components().completionEvents();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
  }

  private CompletionEventService service(CompletionEvents bus) {
    return new CompletionEventService(
        events,
        bus,
        new WebhookSender(
            new CallbackUrlPolicy(false, Set.of(), HostResolver.SYSTEM),
            Optional.of("secret"),
            HttpClient.newHttpClient(),
            clock),
        clock,
        CompletionEventService.Settings.DEFAULTS);
  }

  private final CompletionEvents recording =
      batch -> {
        published.addAll(batch);
        return Map.of();
      };

  private static UUID stored() {
    return queries
        .insert(new NewQuery("alice", "How many orders?", "demo", QueryOptions.DEFAULTS, null))
        .query()
        .id();
  }

  private static UUID completed() {
    UUID id = stored();
    queries.complete(
        id,
        new DataResult(List.of(new ColumnMeta("n", "bigint")), List.of(List.of(42)), 1, false),
        "There are 42 orders.",
        null);
    return id;
  }

  @Test
  void shouldWriteCompletedEvent_whenQueryCompletes() {
    UUID id = completed();

    StoredEvent stored = events.findByQuery(id).orElseThrow();

    assertThat(stored.event().detailType()).isEqualTo("QueryCompleted");
    assertThat(stored.publishedAt()).isNull();
    assertThat(stored.callbackUrl()).isNull();
    assertThat(stored.webhookDueAt()).isNull();
    assertThat(stored.event().detail().id()).isEqualTo(id);
    assertThat(stored.event().detail().userId()).isEqualTo("alice");
    assertThat(stored.event().detail().dataSourceId()).isEqualTo("demo");
    assertThat(stored.event().detail().summary()).isEqualTo("There are 42 orders.");
    assertThat(stored.event().detail().error()).isNull();
    assertThat(stored.event().detail().links()).containsEntry("self", "/queries/" + id);
    assertThat(stored.event().detail().completedAt()).isNotNull();
  }

  @Test
  void shouldWriteFailedEventWithError_whenQueryFails() {
    UUID id = stored();
    queries.fail(id, QueryError.of(ErrorCode.SQL_REJECTED, "Only SELECT statements may run."));

    StoredEvent stored = events.findByQuery(id).orElseThrow();

    assertThat(stored.event().detailType()).isEqualTo("QueryFailed");
    assertThat(stored.event().detail().summary()).isNull();
    assertThat(stored.event().detail().error().code()).isEqualTo("SQL_REJECTED");
    assertThat(stored.event().detail().error().message())
        .isEqualTo("Only SELECT statements may run.");
  }

  @Test
  void shouldWriteNoEvent_whenTheCompletingTransactionRollsBack() throws Exception {
    UUID id = stored();

    try (Connection c = env.components().database().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE user_query SET status = 'COMPLETED' WHERE id = ?")) {
        ps.setObject(1, id);
        ps.executeUpdate();
      }
      c.rollback();
      c.setAutoCommit(true);
    }

    assertThat(events.findByQuery(id)).isEmpty();
    assertThat(env.statusOf(id)).isEqualTo("PENDING");
  }

  @Test
  void shouldWriteOneEvent_whenAFinishedQueryIsWrittenAgain() {
    UUID id = completed();

    queries.fail(id, QueryError.of(ErrorCode.INTERNAL_ERROR, "late"));

    assertThat(events.findByQuery(id).orElseThrow().event().detailType())
        .isEqualTo("QueryCompleted");
  }

  @Test
  void shouldPublishOnceWithAStableId_whenWorkerPublishesAfterCompletion() {
    UUID id = completed();
    CompletionEventService service = service(recording);

    service.afterCompletion(id);
    service.afterCompletion(id);
    clock.advance(Duration.ofMinutes(1));
    CompletionEventService.Sweep sweep = service.sweep();

    assertThat(published).hasSize(1);
    assertThat(published.get(0).id()).isEqualTo(events.findByQuery(id).orElseThrow().event().id());
    assertThat(published.get(0).detail().eventId()).isEqualTo(published.get(0).id());
    assertThat(sweep.published()).isZero();
    assertThat(events.findByQuery(id).orElseThrow().publishedAt()).isNotNull();
  }

  @Test
  void shouldLeaveEventForTheSweeper_whenPublishingFails() {
    UUID id = completed();
    CompletionEvents down =
        batch -> {
          throw new EventPublishException("bus down", null);
        };

    service(down).afterCompletion(id);
    StoredEvent afterFailure = events.findByQuery(id).orElseThrow();
    CompletionEventService.Sweep withinGrace = service(recording).sweep();
    clock.advance(CompletionEventService.Settings.DEFAULTS.publishGrace().plusSeconds(1));
    CompletionEventService.Sweep later = service(recording).sweep();

    assertThat(afterFailure.publishedAt()).isNull();
    assertThat(afterFailure.publishAttempts()).isEqualTo(1);
    assertThat(afterFailure.publishError()).contains("bus down");
    assertThat(withinGrace.published()).isZero();
    assertThat(later.published()).isEqualTo(1);
    assertThat(published).extracting(e -> e.detail().id()).containsExactly(id);
    StoredEvent afterSweep = events.findByQuery(id).orElseThrow();
    assertThat(afterSweep.publishedAt()).isNotNull();
    assertThat(afterSweep.publishAttempts()).isEqualTo(2);
    assertThat(afterSweep.publishError()).isNull();
    assertThat(afterSweep.event().id()).isEqualTo(afterFailure.event().id());
  }

  @Test
  void shouldPutEventOnTheBus_whenEventBridgeAcceptsIt() throws Exception {
    UUID id = completed();
    try (RecordingHttpServer eventBridge =
            RecordingHttpServer.start()
                .answer(
                    RecordingHttpServer.json(
                        200, "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"aws-1\"}]}"));
        EventBridgeClient client = EventBridgeCompletionEvents.client(configFor(eventBridge))) {

      service(new EventBridgeCompletionEvents(client, "sqm-events")).afterCompletion(id);

      assertThat(eventBridge.requests()).hasSize(1);
      RecordingHttpServer.Received request = eventBridge.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.header("X-Amz-Target")).isEqualTo("AWSEvents.PutEvents");
      assertThat(request.header("Content-Type")).startsWith("application/x-amz-json-1.1");
      assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256");
      JsonNode entries = Json.mapper().readTree(request.body()).path("Entries");
      assertThat(entries).hasSize(1);
      JsonNode entry = entries.get(0);
      assertThat(entry.path("EventBusName").asText()).isEqualTo("sqm-events");
      assertThat(entry.path("Source").asText()).isEqualTo("sqm");
      assertThat(entry.path("DetailType").asText()).isEqualTo("QueryCompleted");
      JsonNode detail = Json.mapper().readTree(entry.path("Detail").asText());
      StoredEvent stored = events.findByQuery(id).orElseThrow();
      assertThat(detail.path("eventId").asText()).isEqualTo(stored.event().id().toString());
      assertThat(detail.path("id").asText()).isEqualTo(id.toString());
      assertThat(detail.path("userId").asText()).isEqualTo("alice");
      assertThat(detail.path("dataSourceId").asText()).isEqualTo("demo");
      assertThat(detail.path("status").asText()).isEqualTo("COMPLETED");
      assertThat(detail.path("summary").asText()).isEqualTo("There are 42 orders.");
      assertThat(detail.path("links").path("self").asText()).isEqualTo("/queries/" + id);
      assertThat(detail.path("completedAt").asText()).isNotBlank();
      assertThat(stored.publishedAt()).isNotNull();
    }
  }

  @Test
  void shouldKeepEventUnpublished_whenEventBridgeRefusesTheEntry() {
    UUID id = completed();
    try (RecordingHttpServer eventBridge =
            RecordingHttpServer.start()
                .answer(
                    RecordingHttpServer.json(
                        200,
                        "{\"FailedEntryCount\":1,\"Entries\":[{\"ErrorCode\":\"InternalFailure\","
                            + "\"ErrorMessage\":\"try again\"}]}"));
        EventBridgeClient client = EventBridgeCompletionEvents.client(configFor(eventBridge))) {

      service(new EventBridgeCompletionEvents(client, "sqm-events")).afterCompletion(id);

      StoredEvent stored = events.findByQuery(id).orElseThrow();
      assertThat(stored.publishedAt()).isNull();
      assertThat(stored.publishError()).isEqualTo("InternalFailure: try again");
    }
  }

  @Test
  void shouldKeepEventUnpublished_whenEventBridgeIsDown() {
    UUID id = completed();
    RecordingHttpServer eventBridge = RecordingHttpServer.start();
    AppConfig config = configFor(eventBridge);
    eventBridge.close();
    try (EventBridgeClient client = EventBridgeCompletionEvents.client(config)) {

      service(new EventBridgeCompletionEvents(client, "sqm-events")).afterCompletion(id);

      StoredEvent stored = events.findByQuery(id).orElseThrow();
      assertThat(stored.publishedAt()).isNull();
      assertThat(stored.publishError()).startsWith("the event bus did not take the events");
    }
  }

  private static AppConfig configFor(RecordingHttpServer eventBridge) {
    return AppConfig.from(
        Map.of(
            "SQM_DB_URL", "jdbc:postgresql://unused/x",
            "SQM_QUEUE_URL", "http://127.0.0.1:1/000000000000/q",
            "SQM_EVENT_BUS_NAME", "sqm-events",
            "SQM_EVENTS_ENDPOINT", eventBridge.baseUrl()));
  }
}
