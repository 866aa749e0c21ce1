package com.sqm.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.sqm.config.IntakeSettings;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.service.IntakeService;
import com.sqm.testing.CapturedLog;
import com.sqm.testing.InvocationLog;
import com.sqm.testing.TestEnvironment;
import com.sqm.testing.TestLambdaContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

class QueryRequestedEventHandlerIT {
  static final String CALLER = "7c1e5f2a-9b3d-4e6f-8a21-0d4c6b9e3f15";
  static final String SOURCE = "sqm.intake";
  static final String TRUSTED_SOURCE = "com.example.directory";

  /** Granted only to group:analysts, so only a caller whose groups count may ask about it. */
  static final String FINANCE = "finance";

  static final IntakeSettings SETTINGS =
      new IntakeSettings(Set.of(SOURCE, TRUSTED_SOURCE), Set.of(TRUSTED_SOURCE));

  private static TestEnvironment env;
  private static QueryRequestedEventHandler handler;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("intake_event_it");
    grantFinanceToAnalysts(env);
    handler =
        new QueryRequestedEventHandler(
            new IntakeService(env.components().submitService(), SETTINGS));
  }

  static void grantFinanceToAnalysts(TestEnvironment env) {
    env.components()
        .dataSources()
        .upsert(
            new DataSourceConfig(
                FINANCE,
                "Finance",
                "Ledgers",
                "embedded:finance",
                List.of("public"),
                true,
                DataSourceLimits.DEFAULTS));
    env.components().grants().grant(FINANCE, "group:analysts", "test");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
    env.pollMessagesNow();
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldLabelEveryLogLineWithRequestIdAndColdStart_whenInvokedTwice(ScheduledEvent event) {
    QueryRequestedEventHandler fresh =
        new QueryRequestedEventHandler(
            new IntakeService(env.components().submitService(), SETTINGS));
    event.setDetailType("QueryCompleted");

    InvocationLog.assertLabelled(
        "event-req-1",
        true,
        () -> fresh.handleRequest(event, new TestLambdaContext("event-req-1")));
    InvocationLog.assertLabelled(
        "event-req-2",
        false,
        () -> fresh.handleRequest(event, new TestLambdaContext("event-req-2")));
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldStoreAndEnqueueUnderTheEventId_whenSourceIsConfigured(ScheduledEvent event) {
    Map<String, String> result = handler.handleRequest(event, null);

    assertThat(result).containsEntry("outcome", "ACCEPTED");
    UUID id = UUID.fromString(result.get("queryId"));
    var stored = env.components().queries().findById(id).orElseThrow();
    assertThat(stored.userId()).isEqualTo(CALLER);
    assertThat(stored.question()).isEqualTo("What were the top 5 products by revenue last month?");
    assertThat(stored.dataSourceId()).isEqualTo(TestEnvironment.DEMO);
    assertThat(stored.options().maxRows()).isEqualTo(100);
    assertThat(stored.idempotencyKey()).isEqualTo("event:" + event.getId());
    assertThat(env.receiveMessages())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).isEqualTo("{\"queryId\":\"" + id + "\"}"));
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldStoreNoSecondQuery_whenEventIsRedelivered(ScheduledEvent event) {
    Map<String, String> first = handler.handleRequest(event, null);
    env.receiveMessages();

    Map<String, String> again = handler.handleRequest(event, null);

    assertThat(again)
        .containsEntry("outcome", "REPEATED")
        .containsEntry("queryId", first.get("queryId"));
    assertThat(env.countQueries()).isEqualTo(1);
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldUseTheSendersKey_whenDetailCarriesIdempotencyKey(ScheduledEvent event) {
    event.getDetail().put("idempotencyKey", "report-42");
    Map<String, String> first = handler.handleRequest(event, null);
    // The sender retried PutEvents: a new event id, the same key.
    event.setId(UUID.randomUUID().toString());

    Map<String, String> again = handler.handleRequest(event, null);

    assertThat(again).containsEntry("queryId", first.get("queryId"));
    assertThat(env.countQueries()).isEqualTo(1);
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldRefuseStoreNothingAndLog_whenSourceIsNotConfigured(ScheduledEvent event) {
    event.setSource("com.example.unknown");

    try (CapturedLog log = CapturedLog.attach()) {
      Map<String, String> result = handler.handleRequest(event, null);

      assertThat(result)
          .containsEntry("outcome", "REJECTED")
          .containsEntry("code", "FORBIDDEN")
          .containsEntry("field", "source");
      assertThat(log.lines())
          .anyMatch(
              l ->
                  l.contains("com.example.unknown is not in SQM_INTAKE_EVENT_SOURCES")
                      && l.contains(event.getId()));
    }
    assertThat(env.countQueries()).isZero();
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldRefuse_whenDetailTypeIsNotQueryRequested(ScheduledEvent event) {
    event.setDetailType("QueryCompleted");

    Map<String, String> result = handler.handleRequest(event, null);

    assertThat(result).containsEntry("outcome", "REJECTED").containsEntry("field", "detail-type");
    assertThat(env.countQueries()).isZero();
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldRefuseForbiddenAndLogIt_whenGroupsOfAnUntrustedSourceWouldGrantTheDataSource(
      ScheduledEvent event) {
    // The fixture says the user is in analysts, but its source is not trusted with groups.
    event.getDetail().put("dataSourceId", FINANCE);

    try (CapturedLog log = CapturedLog.attach()) {
      Map<String, String> result = handler.handleRequest(event, null);

      assertThat(result)
          .containsEntry("outcome", "REJECTED")
          .containsEntry("code", "DATASOURCE_FORBIDDEN")
          .containsEntry("field", "dataSourceId");
      assertThat(log.lines()).anyMatch(l -> l.contains("DATASOURCE_FORBIDDEN"));
    }
    assertThat(env.countQueries()).isZero();
    assertThat(env.auditOf(CALLER)).anyMatch(row -> row.startsWith("QUERY_FORBIDDEN"));
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldHonourTheGroups_whenSourceIsTrustedWithThem(ScheduledEvent event) {
    event.setSource(TRUSTED_SOURCE);
    event.getDetail().put("dataSourceId", FINANCE);

    Map<String, String> result = handler.handleRequest(event, null);

    assertThat(result).containsEntry("outcome", "ACCEPTED");
    assertThat(
            env.components()
                .queries()
                .findById(UUID.fromString(result.get("queryId")))
                .orElseThrow()
                .dataSourceId())
        .isEqualTo(FINANCE);
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldDropAndLogTheField_whenDetailIsInvalid(ScheduledEvent event) {
    Map<String, Object> noQuestion = new HashMap<>(event.getDetail());
    noQuestion.remove("question");
    event.setDetail(noQuestion);

    try (CapturedLog log = CapturedLog.attach()) {
      Map<String, String> result = handler.handleRequest(event, null);

      assertThat(result)
          .containsEntry("outcome", "REJECTED")
          .containsEntry("code", "VALIDATION_ERROR")
          .containsEntry("field", "question");
      assertThat(log.lines())
          .anyMatch(l -> l.contains("refused and dropped") && l.contains("field=question"));
    }
    assertThat(env.countQueries()).isZero();
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldDropNamingTheField_whenUserIdMissingOrFieldUnknown(ScheduledEvent event) {
    Map<String, Object> noUser = new HashMap<>(event.getDetail());
    noUser.remove("userId");
    Map<String, Object> unknown = new HashMap<>(event.getDetail());
    unknown.put("priority", "high");

    event.setDetail(noUser);
    Map<String, String> withoutUser = handler.handleRequest(event, null);
    event.setDetail(unknown);
    Map<String, String> withUnknown = handler.handleRequest(event, null);

    assertThat(withoutUser).containsEntry("field", "userId");
    assertThat(withUnknown)
        .containsEntry("code", "INVALID_JSON")
        .containsEntry("field", "priority");
    assertThat(env.countQueries()).isZero();
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldDropNamingGroups_whenATrustedSourceSendsABlankGroup(ScheduledEvent event) {
    event.setSource(TRUSTED_SOURCE);
    event.getDetail().put("groups", List.of("analysts", " "));

    Map<String, String> result = handler.handleRequest(event, null);

    assertThat(result).containsEntry("outcome", "REJECTED").containsEntry("field", "groups");
    assertThat(env.countQueries()).isZero();
  }

  @ParameterizedTest
  @Event(value = "events/eventbridge-query-requested.json", type = ScheduledEvent.class)
  void shouldThrowForLambdaToRetry_whenPostgresUnreachable(ScheduledEvent event) {
    try (TestEnvironment down =
        TestEnvironment.createUnmigrated(
            "intake_event_db_down", TestEnvironment.unreachableStore())) {
      var failing =
          new QueryRequestedEventHandler(
              new IntakeService(down.components().submitService(), SETTINGS));

      assertThatThrownBy(() -> failing.handleRequest(event, null))
          .isInstanceOfSatisfying(
              SqmException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                assertThat(e.isTransient()).isTrue();
              });
    }
    assertThat(env.countQueries()).isZero();
    assertThat(env.pollMessagesNow()).isEmpty();
  }
}
