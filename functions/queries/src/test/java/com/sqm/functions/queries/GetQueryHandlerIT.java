package com.sqm.functions.queries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import com.sqm.service.QueryReadService;
import com.sqm.store.PostgresQueryChanges;
import com.sqm.store.QueryProgress;
import com.sqm.store.QueryRepository;
import com.sqm.testing.ClaimedProgress;
import com.sqm.testing.TestEnvironment;
import com.sqm.testing.TestLambdaContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GetQueryHandlerIT {
  /** The caller ({@code sub}) and query id that events/get-query.json carries. */
  private static final String CALLER = "7c1e5f2a-9b3d-4e6f-8a21-0d4c6b9e3f15";

  private static final UUID QUERY_ID = UUID.fromString("0f8e2d4c-6b1a-4c3e-9d57-2a8b1e6f4c90");
  private static TestEnvironment env;
  private static GetQueryHandler handler;
  private static ExecutorService requests;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("get_query_handler_it");
    // Re-reads only when notified (not every 5 s): an answer in time proves the notification.
    handler =
        new GetQueryHandler(
            new QueryReadService(
                env.components().queries(),
                env.components().queryChanges(),
                Duration.ofMinutes(1)));
    requests = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stop() {
    requests.shutdownNow();
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
  }

  @ParameterizedTest
  @Event(value = "events/get-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldReturnQuery_whenCallerOwnsIt(APIGatewayV2HTTPEvent event) throws Exception {
    env.insertQuery(QUERY_ID, CALLER, "How many orders were placed last week?");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    JsonNode body = Json.mapper().readTree(response.getBody());
    assertThat(body.get("id").asText()).isEqualTo(QUERY_ID.toString());
    assertThat(body.get("status").asText()).isEqualTo("PENDING");
    assertThat(body.get("question").asText()).isEqualTo("How many orders were placed last week?");
    assertThat(body.get("createdAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
  }

  @ParameterizedTest
  @Event(value = "events/get-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldShowEngineAttemptsAndUsage_whenModelAnswered(APIGatewayV2HTTPEvent event)
      throws Exception {
    env.insertQuery(QUERY_ID, CALLER, "How many orders were placed last week?");
    var queries = env.components().queries();
    var claim =
        (QueryRepository.Claim.Granted) queries.claim(QUERY_ID, java.time.Duration.ofMinutes(1));
    QueryProgress claimed = QueryProgress.of(claim.query());
    queries.recordProgress(
        QUERY_ID,
        claim.leaseToken(),
        new QueryProgress(
            QueryStage.SUMMARIZING,
            claimed.stageTimingsMs(),
            claimed.analysis(),
            "SELECT count(*) FROM orders",
            2,
            List.of(
                new SqlAttempt(
                    1,
                    "SELECT count(*) FROM order",
                    new QueryError(
                        ErrorCode.DATASOURCE_ERROR, "syntax error at or near \"order\"", null),
                    new TokenUsage(800, 60, 0.004)),
                new SqlAttempt(2, "SELECT count(*) FROM orders", null, TokenUsage.NONE)),
            "model",
            Map.of(
                QueryStage.GENERATING_SQL.name(), new TokenUsage(800, 60, 0.004),
                QueryStage.SUMMARIZING.name(), new TokenUsage(400, 90, 0.002)),
            new TokenUsage(1200, 150, 0.006),
            null,
            null));

    JsonNode body = Json.mapper().readTree(handler.handleRequest(event, null).getBody());

    assertThat(body.get("engine").asText()).isEqualTo("model");
    assertThat(body.get("sqlAttempts")).hasSize(2);
    assertThat(body.get("sqlAttempts").get(0).get("error").get("code").asText())
        .isEqualTo("DATASOURCE_ERROR");
    assertThat(body.get("sqlAttempts").get(1).has("error")).isFalse();
    JsonNode usage = body.get("usage");
    assertThat(usage.get("byStage").get("GENERATING_SQL").get("promptTokens").asLong())
        .isEqualTo(800);
    assertThat(usage.get("total").get("promptTokens").asLong()).isEqualTo(1200);
    assertThat(usage.get("total").get("completionTokens").asLong()).isEqualTo(150);
    assertThat(usage.get("total").get("estimatedCostUsd").asDouble()).isEqualTo(0.006);
  }

  @ParameterizedTest
  @Event(value = "events/get-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404_whenQueryUnknown(APIGatewayV2HTTPEvent event) throws Exception {
    assertError(handler.handleRequest(event, null), 404, "NOT_FOUND", "id");
  }

  @ParameterizedTest
  @Event(value = "events/get-query.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404LikeUnknown_whenQueryBelongsToAnotherUser(APIGatewayV2HTTPEvent event)
      throws Exception {
    APIGatewayV2HTTPResponse unknown = handler.handleRequest(event, null);
    env.insertQuery(QUERY_ID, "2d9f4b6e-8a1c-4e3f-b5d7-9c1e3a5f7b20", "someone else's question");

    APIGatewayV2HTTPResponse othersQuery = handler.handleRequest(event, null);

    assertError(othersQuery, 404, "NOT_FOUND", "id");
    assertThat(othersQuery.getBody()).isEqualTo(unknown.getBody()).doesNotContain("someone else");
  }

  @ParameterizedTest
  @Event(value = "events/get-query-malformed-id.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400NamingId_whenIdNotUuid(APIGatewayV2HTTPEvent event) throws Exception {
    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "id");
  }

  @ParameterizedTest
  @Event(value = "events/get-query-no-auth.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer401_whenNoToken(APIGatewayV2HTTPEvent event) throws Exception {
    env.insertQuery(QUERY_ID, CALLER, "q");

    assertError(handler.handleRequest(event, null), 401, "UNAUTHORIZED", null);
  }

  @ParameterizedTest
  @Event(value = "events/get-query-wait.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswerWithNewStage_whenStageChangesDuringWait(APIGatewayV2HTTPEvent event)
      throws Exception {
    env.insertQuery(QUERY_ID, CALLER, "How many orders were placed last week?");
    var claim = claim();
    Future<APIGatewayV2HTTPResponse> answer =
        requests.submit(() -> handler.handleRequest(event, null));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ((PostgresQueryChanges) env.components().queryChanges()).waiting() == 1);

    env.components()
        .queries()
        .recordProgress(
            QUERY_ID, claim.leaseToken(), ClaimedProgress.movedTo(claim, QueryStage.EXECUTING_SQL));

    // The request waits up to 20 s: an answer well before that came from the change.
    APIGatewayV2HTTPResponse response = answer.get(10, TimeUnit.SECONDS);
    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(response.getBody());
    assertThat(body.get("stage").asText()).isEqualTo("EXECUTING_SQL");
    assertThat(body.get("status").asText()).isEqualTo("PROCESSING");
  }

  @ParameterizedTest
  @Event(value = "events/get-query-wait.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswerCurrentRowInTime_whenFunctionHasLessTimeLeftThanWait(APIGatewayV2HTTPEvent event)
      throws Exception {
    env.insertQuery(QUERY_ID, CALLER, "q");
    claim();

    // 4 s left of the function's time: the wait ends with 3 s to spare, not after 20 s.
    Future<APIGatewayV2HTTPResponse> answer =
        requests.submit(
            () ->
                handler.handleRequest(
                    event, TestLambdaContext.withRemaining(Duration.ofSeconds(4))));

    APIGatewayV2HTTPResponse response = answer.get(10, TimeUnit.SECONDS);
    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(response.getBody()).get("status").asText())
        .isEqualTo("PROCESSING");
  }

  @ParameterizedTest
  @Event(value = "events/get-query-wait.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404WithoutWaiting_whenWaitingOnAnotherUsersQuery(APIGatewayV2HTTPEvent event)
      throws Exception {
    env.insertQuery(QUERY_ID, "2d9f4b6e-8a1c-4e3f-b5d7-9c1e3a5f7b20", "someone else's question");

    Future<APIGatewayV2HTTPResponse> answer =
        requests.submit(() -> handler.handleRequest(event, null));

    assertError(answer.get(10, TimeUnit.SECONDS), 404, "NOT_FOUND", "id");
  }

  @ParameterizedTest
  @CsvSource({
    "wait, -1",
    "wait, 21",
    "wait, 1000000000000",
    "wait, abc",
    "wait, 1.5",
    "wait, 20s",
    "status, RUNNING",
    "status, processing",
    "stage, NOWHERE"
  })
  void shouldAnswer400NamingParameter_whenWaitParameterInvalid(String name, String value)
      throws Exception {
    env.insertQuery(QUERY_ID, CALLER, "q");
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/get-query-wait.json");
    Map<String, String> parameters = new HashMap<>(event.getQueryStringParameters());
    parameters.put(name, value);
    event.setQueryStringParameters(parameters);

    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", name);
  }

  @ParameterizedTest
  @Event(value = "events/get-query-wait-repeated.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400NamingWait_whenWaitRepeated(APIGatewayV2HTTPEvent event) throws Exception {
    env.insertQuery(QUERY_ID, CALLER, "q");

    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "wait");
  }

  private static QueryRepository.Claim.Granted claim() {
    return (QueryRepository.Claim.Granted)
        env.components().queries().claim(QUERY_ID, Duration.ofMinutes(1));
  }

  static void assertError(APIGatewayV2HTTPResponse response, int status, String code, String field)
      throws Exception {
    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    assertThat(response.getBody()).doesNotContain("Exception", "at com.");
    JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
    if (field == null) {
      assertThat(error.has("field")).isFalse();
    } else {
      assertThat(error.get("field").asText()).isEqualTo(field);
    }
  }
}
