package com.sqm.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.sqm.cache.RedisRateLimiter;
import com.sqm.cache.RedisResultCache;
import com.sqm.config.Json;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.UserQuery;
import com.sqm.service.IntakeService;
import com.sqm.service.RateLimiter;
import com.sqm.service.SubmitQueryService;
import com.sqm.store.AuditLog;
import com.sqm.testing.CapturedLog;
import com.sqm.testing.TestEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import redis.clients.jedis.JedisPooled;

class IntakeQueueHandlerIT {
  private static final String CALLER = QueryRequestedEventHandlerIT.CALLER;
  private static final String QUESTION = "What were the top 5 products by revenue last month?";
  private static TestEnvironment env;
  private static IntakeQueueHandler handler;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("intake_queue_it");
    QueryRequestedEventHandlerIT.grantFinanceToAnalysts(env);
    handler =
        new IntakeQueueHandler(
            new IntakeService(
                env.components().submitService(), QueryRequestedEventHandlerIT.SETTINGS));
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
  @Event(value = "events/sqs-intake-batch.json", type = SQSEvent.class)
  void shouldStoreTheValidMessagesAndDropTheInvalidOne_whenBatchArrives(SQSEvent batch) {
    SQSBatchResponse response;
    try (CapturedLog log = CapturedLog.attach()) {
      response = handler.handleRequest(batch, null);

      // The third message's options.maxRows is "ten": refused for good, so deleted, not retried.
      assertThat(log.lines())
          .anyMatch(
              l ->
                  l.contains("refused and dropped")
                      && l.contains("field=options.maxRows")
                      && l.contains(batch.getRecords().get(2).getMessageId()));
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    List<UserQuery> stored = env.components().queries().findByUser(CALLER, null, 10).items();
    assertThat(stored)
        .extracting(UserQuery::idempotencyKey)
        .containsExactlyInAnyOrder(
            "sqs:" + batch.getRecords().get(0).getMessageId(),
            "reports-exporter/2026-11-26/orders-by-country");
    assertThat(env.receiveMessages()).hasSize(2);
  }

  @ParameterizedTest
  @Event(value = "events/sqs-intake-batch.json", type = SQSEvent.class)
  void shouldStoreNoSecondQuery_whenBatchIsRedelivered(SQSEvent batch) {
    handler.handleRequest(batch, null);
    env.receiveMessages();

    SQSBatchResponse again = handler.handleRequest(batch, null);

    assertThat(again.getBatchItemFailures()).isEmpty();
    assertThat(env.countQueries()).isEqualTo(2);
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/sqs-intake-batch.json", type = SQSEvent.class)
  void shouldStoreEquivalentQueries_whenTheSameQuestionComesByHttpEventBridgeAndQueue(
      SQSEvent batch) {
    APIGatewayV2HTTPEvent http =
        EventLoader.loadEvent("events/submit-query.json", APIGatewayV2HTTPEvent.class);
    ScheduledEvent event =
        EventLoader.loadEvent("events/eventbridge-query-requested.json", ScheduledEvent.class);
    batch.setRecords(List.of(batch.getRecords().get(0)));

    int status =
        new SubmitQueryHandler(env.components().submitService())
            .handleRequest(http, null)
            .getStatusCode();
    var byEvent =
        new QueryRequestedEventHandler(
                new IntakeService(
                    env.components().submitService(), QueryRequestedEventHandlerIT.SETTINGS))
            .handleRequest(event, null);
    var byQueue = handler.handleRequest(batch, null);

    assertThat(status).isEqualTo(202);
    assertThat(byEvent).containsEntry("outcome", "ACCEPTED");
    assertThat(byQueue.getBatchItemFailures()).isEmpty();
    List<UserQuery> stored = env.components().queries().findByUser(CALLER, null, 10).items();
    assertThat(stored).hasSize(3);
    assertThat(stored.stream().map(IntakeQueueHandlerIT::asked).distinct())
        .singleElement()
        .isEqualTo(List.of(CALLER, QUESTION, TestEnvironment.DEMO, "100", "true", "", ""));
    assertThat(env.receiveMessages()).hasSize(3);
  }

  @ParameterizedTest
  @Event(value = "events/sqs-intake-batch.json", type = SQSEvent.class)
  void shouldDropAndLogForbidden_whenTheDataSourceIsNotGranted(SQSEvent batch) throws Exception {
    SQSEvent.SQSMessage message = batch.getRecords().get(0);
    // Groups are not taken from the intake queue: analysts would have been granted finance.
    message.setBody(
        Json.mapper()
            .writeValueAsString(
                Map.of(
                    "userId",
                    CALLER,
                    "groups",
                    List.of("analysts"),
                    "question",
                    QUESTION,
                    "dataSourceId",
                    QueryRequestedEventHandlerIT.FINANCE)));
    batch.setRecords(List.of(message));

    SQSBatchResponse response;
    try (CapturedLog log = CapturedLog.attach()) {
      response = handler.handleRequest(batch, null);

      assertThat(log.lines())
          .anyMatch(l -> l.contains("DATASOURCE_FORBIDDEN") && l.contains(message.getMessageId()));
    }
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(env.countQueries()).isZero();
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/sqs-intake-batch.json", type = SQSEvent.class)
  void shouldReportTheValidMessagesAsFailures_whenPostgresUnreachable(SQSEvent batch) {
    SQSBatchResponse response;
    try (TestEnvironment down =
        TestEnvironment.createUnmigrated(
            "intake_queue_db_down", TestEnvironment.unreachableStore())) {
      response =
          new IntakeQueueHandler(
                  new IntakeService(
                      down.components().submitService(), QueryRequestedEventHandlerIT.SETTINGS))
              .handleRequest(batch, null);
    }

    // The invalid third message is refused before the store is asked: dropped, not retried.
    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(
            batch.getRecords().get(0).getMessageId(), batch.getRecords().get(1).getMessageId());
    assertThat(env.countQueries()).isZero();
  }

  @ParameterizedTest
  @Event(value = "events/sqs-intake-batch.json", type = SQSEvent.class)
  void shouldReportTheMessageOverTheLimitAsFailure_whenTheCallerIsRateLimited(SQSEvent batch) {
    SQSBatchResponse response;
    try (JedisPooled redis = RedisResultCache.client(SharedTestServices.redis().url())) {
      RateLimiter onePerMinute = new RedisRateLimiter(redis, "intake-" + UUID.randomUUID(), 1);
      var service =
          new SubmitQueryService(
              env.components().queries(),
              env.components().dataSourceAccess(),
              env.components().outbox(),
              env.components().queue(),
              onePerMinute,
              onePerMinute,
              AuditLog.NONE,
              env.config());
      response =
          new IntakeQueueHandler(new IntakeService(service, QueryRequestedEventHandlerIT.SETTINGS))
              .handleRequest(batch, null);
    }

    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(batch.getRecords().get(1).getMessageId());
    assertThat(env.countQueries()).isEqualTo(1);
  }

  @ParameterizedTest
  @Event(value = "events/sqs-intake-batch.json", type = SQSEvent.class)
  void shouldDropEachAndLogItsField_whenMessagesAreInvalid(SQSEvent batch) {
    handler.handleRequest(batch, null); // stores the key the last case reuses
    long before = env.countQueries();
    SQSEvent.SQSMessage template = batch.getRecords().get(1);
    String reusedKey = template.getMessageAttributes().get("IdempotencyKey").getStringValue();
    Map<String, String> fieldByMessage = new java.util.LinkedHashMap<>();
    List<SQSEvent.SQSMessage> invalid = new java.util.ArrayList<>();
    Object[][] cases = {
      {"not json", null, "null"},
      {"", null, "null"},
      {"{\"question\":\"How many orders?\"}", null, "userId"},
      {"{\"userId\":\"a\\u0001b\",\"question\":\"How many orders?\"}", null, "userId"},
      {
        "{\"userId\":\"alice\",\"question\":\"q\",\"options\":{\"maxRows\":0}}",
        null,
        "options.maxRows"
      },
      {
        "{\"userId\":\"alice\",\"question\":\"q\",\"idempotencyKey\":\"k2\"}",
        "k1",
        "idempotencyKey"
      },
      // The fixture's key, stored above, now with another question: IDEMPOTENCY_KEY_REUSED.
      {
        "{\"userId\":\"" + CALLER + "\",\"question\":\"Another question\"}",
        reusedKey,
        "idempotencyKey"
      },
    };
    for (Object[] c : cases) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(UUID.randomUUID().toString());
      message.setBody((String) c[0]);
      if (c[1] != null) {
        SQSEvent.MessageAttribute key = new SQSEvent.MessageAttribute();
        key.setDataType("String");
        key.setStringValue((String) c[1]);
        message.setMessageAttributes(Map.of("IdempotencyKey", key));
      }
      invalid.add(message);
      fieldByMessage.put(message.getMessageId(), (String) c[2]);
    }
    batch.setRecords(invalid);

    SQSBatchResponse response;
    List<String> lines;
    try (CapturedLog log = CapturedLog.attach()) {
      response = handler.handleRequest(batch, null);
      lines = log.lines();
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    fieldByMessage.forEach(
        (messageId, field) ->
            assertThat(lines)
                .as("message %s", messageId)
                .anyMatch(
                    l ->
                        l.contains("refused and dropped")
                            && l.contains("field=" + field)
                            && l.contains(messageId)));
    assertThat(env.countQueries()).isEqualTo(before);
  }

  /** What was asked, by whom and how: everything but the id, key and timestamps. */
  private static List<String> asked(UserQuery q) {
    return List.of(
        q.userId(),
        q.question(),
        q.dataSourceId(),
        String.valueOf(q.options().maxRows()),
        String.valueOf(q.options().cacheAllowed()),
        Objects.toString(q.instructions(), ""),
        Objects.toString(q.parentQueryId(), ""));
  }
}
