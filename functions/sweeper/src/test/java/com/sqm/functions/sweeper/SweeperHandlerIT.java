package com.sqm.functions.sweeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.sqm.events.CompletionEvent;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.model.SqmException;
import com.sqm.service.CompletionEventService;
import com.sqm.service.SweeperService.Settings;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.testing.InvocationLog;
import com.sqm.testing.TestEnvironment;
import com.sqm.testing.TestLambdaContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

class SweeperHandlerIT {
  private static TestEnvironment env;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("sweeper_handler_it");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @ParameterizedTest
  @Event(value = "events/scheduled-sweep.json", type = ScheduledEvent.class)
  void shouldLabelEveryLogLineWithRequestIdAndColdStart_whenInvokedTwice(ScheduledEvent event) {
    Settings noGrace = new Settings(Duration.ZERO, Duration.ofMinutes(5), 100, 10);
    // Its own database and queue: the queries inserted here stay out of the other tests' way.
    try (TestEnvironment own = TestEnvironment.create("sweeper_handler_labels")) {
      SweeperHandler fresh = new SweeperHandler(own.components().sweeperService(noGrace));

      for (String requestId : List.of("sweep-req-1", "sweep-req-2")) {
        // an unsent query, so the sweep has something to log
        own.components()
            .queries()
            .insert(new NewQuery("alice", "How many orders?", "demo", QueryOptions.DEFAULTS, null));
        InvocationLog.assertLabelled(
            requestId,
            requestId.endsWith("1"),
            () -> fresh.handleRequest(event, new TestLambdaContext(requestId)));
      }
    }
  }

  @ParameterizedTest
  @Event(value = "events/scheduled-sweep.json", type = ScheduledEvent.class)
  void shouldSendTheUnsentQueryAndReportCounts_whenScheduled(ScheduledEvent event) {
    UUID id =
        env.components()
            .queries()
            .insert(new NewQuery("alice", "How many orders?", "demo", QueryOptions.DEFAULTS, null))
            .query()
            .id();
    Settings noGrace = new Settings(Duration.ZERO, Duration.ofMinutes(5), 100, 10);
    SweeperHandler handler = new SweeperHandler(env.components().sweeperService(noGrace));

    Map<String, Integer> counts = handler.handleRequest(event, null);

    assertThat(counts).containsEntry("sent", 1).containsEntry("failed", 0);
    assertThat(env.receiveMessages())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).contains(id.toString()));
  }

  @ParameterizedTest
  @Event(value = "events/scheduled-sweep.json", type = ScheduledEvent.class)
  void shouldFailStoreUnavailable_whenPostgresUnreachable(ScheduledEvent event) {
    try (TestEnvironment down =
        TestEnvironment.createUnmigrated(
            "sweeper_handler_db_down", TestEnvironment.unreachableStore())) {
      SweeperHandler handler =
          new SweeperHandler(down.components().sweeperService(Settings.DEFAULTS));

      assertThatThrownBy(() -> handler.handleRequest(event, null))
          .isInstanceOfSatisfying(
              SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }
  }

  @ParameterizedTest
  @Event(value = "events/scheduled-sweep.json", type = ScheduledEvent.class)
  void shouldPublishTheEventTheWorkerCouldNot_whenScheduled(ScheduledEvent event) {
    UUID id =
        env.components()
            .queries()
            .insert(new NewQuery("alice", "How many orders?", "demo", QueryOptions.DEFAULTS, null))
            .query()
            .id();
    env.components().queries().fail(id, QueryError.of(ErrorCode.SQL_REJECTED, "Not a SELECT."));
    List<CompletionEvent> published = new CopyOnWriteArrayList<>();
    CompletionEventService.Settings noGrace =
        new CompletionEventService.Settings(
            Duration.ZERO,
            CompletionEventService.Settings.DEFAULTS.webhookRetryDelays(),
            Duration.ofMinutes(1),
            100);
    SweeperHandler handler =
        new SweeperHandler(
            env.components().sweeperService(Settings.DEFAULTS),
            env.components()
                .completionEventService(
                    batch -> {
                      published.addAll(batch);
                      return Map.of();
                    },
                    noGrace));

    Map<String, Integer> counts = handler.handleRequest(event, null);
    Map<String, Integer> again = handler.handleRequest(event, null);

    assertThat(counts).containsEntry("eventsPublished", 1).containsEntry("eventsFailed", 0);
    assertThat(again).containsEntry("eventsPublished", 0);
    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.detailType()).isEqualTo("QueryFailed");
              assertThat(e.detail().id()).isEqualTo(id);
              assertThat(e.detail().error().code()).isEqualTo("SQL_REJECTED");
            });
  }
}
