package com.sqm.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.cache.RedisRateLimiter;
import com.sqm.cache.RedisResultCache;
import com.sqm.config.Json;
import com.sqm.embedded.SharedTestServices;
import com.sqm.service.RateLimiter;
import com.sqm.service.SubmitQueryService;
import com.sqm.testing.InvocationLog;
import com.sqm.testing.TestEnvironment;
import com.sqm.testing.TestLambdaContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import redis.clients.jedis.JedisPooled;

class SubmitQueryHandlerIT {
  private static final String CALLER = "7c1e5f2a-9b3d-4e6f-8a21-0d4c6b9e3f15";
  private static TestEnvironment env;
  private static SubmitQueryHandler handler;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("submit_handler_it");
    handler = new SubmitQueryHandler(env.components().submitService());
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
  @Event(value = "events/submit-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldLabelEveryLogLineWithRequestIdAndColdStart_whenInvokedTwice(
      APIGatewayV2HTTPEvent event) {
    SubmitQueryHandler fresh = new SubmitQueryHandler(env.components().submitService());
    event.setBody("{}");

    InvocationLog.assertLabelled(
        "api-req-1", true, () -> fresh.handleRequest(event, new TestLambdaContext("api-req-1")));
    InvocationLog.assertLabelled(
        "api-req-2", false, () -> fresh.handleRequest(event, new TestLambdaContext("api-req-2")));
  }

  @ParameterizedTest
  @Event(value = "events/submit-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAccept202AndEnqueue_whenQuestionValid(APIGatewayV2HTTPEvent event) throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    JsonNode body = Json.mapper().readTree(response.getBody());
    UUID id = UUID.fromString(body.get("id").asText());
    assertThat(body.get("status").asText()).isEqualTo("PENDING");
    assertThat(body.get("links").get("self").asText()).isEqualTo("/queries/" + id);
    assertThat(response.getHeaders()).containsEntry("Location", "/queries/" + id);
    var stored = env.components().queries().findById(id).orElseThrow();
    assertThat(stored.userId()).isEqualTo(CALLER);
    assertThat(stored.question()).isEqualTo("What were the top 5 products by revenue last month?");
    assertThat(stored.options().maxRows()).isEqualTo(100);
    assertThat(env.receiveMessages())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).isEqualTo("{\"queryId\":\"" + id + "\"}"));
  }

  @ParameterizedTest
  @Event(value = "events/submit-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReturn200WithExistingQuery_whenIdempotencyKeyRepeated(APIGatewayV2HTTPEvent event)
      throws Exception {
    APIGatewayV2HTTPResponse first = handler.handleRequest(event, null);
    env.receiveMessages();

    APIGatewayV2HTTPResponse repeat = handler.handleRequest(event, null);

    assertThat(repeat.getStatusCode()).isEqualTo(200);
    JsonNode firstBody = Json.mapper().readTree(first.getBody());
    JsonNode repeatBody = Json.mapper().readTree(repeat.getBody());
    assertThat(repeatBody.get("id")).isEqualTo(firstBody.get("id"));
    assertThat(repeatBody.get("question").asText())
        .isEqualTo("What were the top 5 products by revenue last month?");
    assertThat(env.countQueries()).isEqualTo(1);
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-idempotency-header.json", type = APIGatewayV2HTTPEvent.class)
  void shouldUseHeaderKey_whenIdempotencyKeyHeaderSent(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse first = handler.handleRequest(event, null);
    APIGatewayV2HTTPResponse repeat = handler.handleRequest(event, null);

    assertThat(first.getStatusCode()).isEqualTo(202);
    assertThat(repeat.getStatusCode()).isEqualTo(200);
    assertThat(env.countQueries()).isEqualTo(1);
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-idempotency-header.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer422AndKeepTheFirstQuestion_whenKeyIsReusedForAnotherQuestion(
      APIGatewayV2HTTPEvent event) throws Exception {
    handler.handleRequest(event, null);
    env.receiveMessages();
    event.setBody("{\"question\": \"How many orders were cancelled?\"}");

    APIGatewayV2HTTPResponse reused = handler.handleRequest(event, null);

    assertThat(reused.getStatusCode()).isEqualTo(422);
    JsonNode error = Json.mapper().readTree(reused.getBody()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(error.path("field").asText()).isEqualTo("idempotencyKey");
    assertThat(env.countQueries()).isEqualTo(1);
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-base64.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAccept_whenBodyBase64Encoded(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(env.countQueries()).isEqualTo(1);
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-empty-question.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject400AndStoreNothing_whenQuestionBlank(APIGatewayV2HTTPEvent event)
      throws Exception {
    assertRejected(event, 400, "VALIDATION_ERROR", "question");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-private-callback.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject400NamingCallbackUrlAndStoreNothing_whenCallbackLeadsToMetadataAddress(
      APIGatewayV2HTTPEvent event) throws Exception {
    Map<String, String> settings = new java.util.HashMap<>();
    settings.put("SQM_DB_URL", env.config().dbUrl());
    settings.put("SQM_QUEUE_URL", env.config().queueUrl());
    settings.put("SQM_WEBHOOK_SECRET", "test-secret");
    SubmitQueryHandler webhooksOn =
        new SubmitQueryHandler(
            new SubmitQueryService(
                env.components().queries(),
                env.components().dataSourceAccess(),
                env.components().outbox(),
                env.components().queue(),
                RateLimiter.UNLIMITED,
                com.sqm.config.AppConfig.from(settings)));

    APIGatewayV2HTTPResponse response = webhooksOn.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(error.get("field").asText()).isEqualTo("callbackUrl");
    assertThat(error.get("message").asText()).contains("link-local");
    assertThat(env.countQueries()).isZero();
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-too-long.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject400AndStoreNothing_whenQuestionHas10000Characters(APIGatewayV2HTTPEvent event)
      throws Exception {
    JsonNode error = assertRejected(event, 400, "VALIDATION_ERROR", "question");

    assertThat(error.get("message").asText()).contains("10000", "2000");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-nul-in-question.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject400AndStoreNothing_whenQuestionHoldsNulCharacter(APIGatewayV2HTTPEvent event)
      throws Exception {
    JsonNode error = assertRejected(event, 400, "VALIDATION_ERROR", "question");

    assertThat(error.get("message").asText()).contains("control character");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-latin1-base64.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject400AndStoreNothing_whenBodyIsNotUtf8(APIGatewayV2HTTPEvent event)
      throws Exception {
    JsonNode error = assertRejected(event, 400, "INVALID_JSON", null);

    assertThat(error.get("message").asText()).contains("UTF-8");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-invalid-json.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject400AndStoreNothing_whenBodyIsNotJson(APIGatewayV2HTTPEvent event)
      throws Exception {
    JsonNode error = assertRejected(event, 400, "INVALID_JSON", null);

    assertThat(error.get("message").asText()).startsWith("the request body is not valid JSON");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-wrong-type.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject400NamingField_whenValueHasWrongType(APIGatewayV2HTTPEvent event)
      throws Exception {
    assertRejected(event, 400, "INVALID_JSON", "options.maxRows");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-unknown-datasource.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject403AndStoreNothing_whenUserNamesUnknownDataSource(APIGatewayV2HTTPEvent event)
      throws Exception {
    // To a non-admin an unknown id is refused like one not granted, so ids cannot be probed.
    assertRejected(event, 403, "DATASOURCE_FORBIDDEN", "dataSourceId");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-disabled-datasource.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject403AndStoreNothing_whenUserNamesDisabledDataSource(APIGatewayV2HTTPEvent event)
      throws Exception {
    assertRejected(event, 403, "DATASOURCE_FORBIDDEN", "dataSourceId");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-follow-up.json", type = APIGatewayV2HTTPEvent.class)
  void shouldStoreFollowUpWithInstructions_whenParentIsCallersQuery(APIGatewayV2HTTPEvent event) {
    UUID parent = UUID.fromString("0f8e2d4c-6b1a-4c3e-9d57-2a8b1e6f4c90");
    env.insertQuery(parent, CALLER, "Revenue by country");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(202);
    var child =
        env.components().queries().findByUser(CALLER, null, 10).items().stream()
            .filter(q -> parent.equals(q.parentQueryId()))
            .findFirst()
            .orElseThrow();
    assertThat(child.instructions())
        .isEqualTo("Revenue means the sum of order line totals, in EUR.");
    assertThat(child.dataSourceId()).isEqualTo(TestEnvironment.DEMO);
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-follow-up.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject404AndStoreNothing_whenParentQueryUnknown(APIGatewayV2HTTPEvent event)
      throws Exception {
    assertRejected(event, 404, "NOT_FOUND", "parentQueryId");
  }

  @ParameterizedTest
  @Event(value = "events/submit-query-no-auth.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReject401AndStoreNothing_whenNoToken(APIGatewayV2HTTPEvent event) throws Exception {
    assertRejected(event, 401, "UNAUTHORIZED", null);
  }

  @ParameterizedTest
  @Event(value = "events/submit-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer429WithRetryAfterAndStoreNothing_whenTheCallerIsOverTheLimit(
      APIGatewayV2HTTPEvent event) throws Exception {
    try (JedisPooled redis = RedisResultCache.client(SharedTestServices.redis().url())) {
      var service =
          new SubmitQueryService(
              env.components().queries(),
              env.components().dataSourceAccess(),
              env.components().outbox(),
              env.components().queue(),
              new RedisRateLimiter(redis, "submit-" + UUID.randomUUID(), 2),
              env.config());
      SubmitQueryHandler limited = new SubmitQueryHandler(service);

      int first = limited.handleRequest(event, null).getStatusCode();
      int second = limited.handleRequest(event, null).getStatusCode();
      APIGatewayV2HTTPResponse third = limited.handleRequest(event, null);

      // The fixture carries an Idempotency-Key: the repeat answers 200 and costs a permit too.
      assertThat(List.of(first, second)).containsExactly(202, 200);
      assertThat(third.getStatusCode()).isEqualTo(429);
      assertThat(Long.parseLong(third.getHeaders().get("Retry-After"))).isBetween(1L, 30L);
      assertThat(Json.mapper().readTree(third.getBody()).path("error").path("code").asText())
          .isEqualTo("RATE_LIMITED");
      assertThat(env.countQueries()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @Event(value = "events/submit-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAccept202AndLeaveTheSendToTheSweeper_whenQueueDown(APIGatewayV2HTTPEvent event)
      throws Exception {
    try (TestEnvironment.DeadQueue dead = TestEnvironment.deadQueue()) {
      var service =
          new SubmitQueryService(
              env.components().queries(),
              env.components().dataSourceAccess(),
              env.components().outbox(),
              dead.queue(),
              RateLimiter.UNLIMITED,
              env.config());

      APIGatewayV2HTTPResponse response =
          new SubmitQueryHandler(service).handleRequest(event, null);

      assertThat(response.getStatusCode()).isEqualTo(202);
      UUID id = UUID.fromString(Json.mapper().readTree(response.getBody()).get("id").asText());
      assertThat(env.components().queries().findById(id).orElseThrow().status().name())
          .isEqualTo("PENDING");
      assertThat(env.components().outbox().find(id).orElseThrow().sentAt())
          .as("unsent, for the sweeper")
          .isNull();
    }
  }

  @ParameterizedTest
  @Event(value = "events/submit-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer503WithRetryAfterAndStoreNothing_whenPostgresUnreachable(
      APIGatewayV2HTTPEvent event) throws Exception {
    try (TestEnvironment down =
        TestEnvironment.createUnmigrated(
            "submit_handler_db_down", TestEnvironment.unreachableStore())) {
      APIGatewayV2HTTPResponse response =
          new SubmitQueryHandler(down.components().submitService()).handleRequest(event, null);

      assertThat(response.getStatusCode()).isEqualTo(503);
      assertThat(response.getHeaders()).containsKey("Retry-After");
      assertThat(Integer.parseInt(response.getHeaders().get("Retry-After"))).isPositive();
      JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("STORE_UNAVAILABLE");
      assertThat(response.getBody()).doesNotContain("Exception", "127.0.0.1");
    }
    assertThat(env.countQueries()).isZero();
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  private static JsonNode assertRejected(
      APIGatewayV2HTTPEvent event, int status, String code, String field) throws Exception {
    long before = env.countQueries();

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(response.getBody()).doesNotContain("Exception", "at com.", "at java.");
    JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    if (field == null) {
      assertThat(error.has("field")).isFalse();
    } else {
      assertThat(error.get("field").asText()).isEqualTo(field);
    }
    assertThat(env.countQueries()).isEqualTo(before);
    assertThat(env.pollMessagesNow()).isEmpty();
    return error;
  }
}
