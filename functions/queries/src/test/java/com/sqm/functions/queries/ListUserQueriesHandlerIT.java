package com.sqm.functions.queries;

import static com.sqm.functions.queries.GetQueryHandlerIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

class ListUserQueriesHandlerIT {
  /** The caller ({@code sub}) that events/list-user-queries.json carries; it asks for limit=2. */
  private static final String CALLER = "7c1e5f2a-9b3d-4e6f-8a21-0d4c6b9e3f15";

  private static TestEnvironment env;
  private static ListUserQueriesHandler handler;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("list_queries_handler_it");
    handler = new ListUserQueriesHandler(env.components().readService());
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
  }

  @ParameterizedTest
  @Event(value = "events/list-user-queries.json", type = APIGatewayV2HTTPEvent.class)
  void shouldPageNewestFirst_whenListingOwnHistory(APIGatewayV2HTTPEvent event) throws Exception {
    for (int i = 0; i < 3; i++) {
      env.insertQuery(UUID.randomUUID(), CALLER, "question " + i);
    }
    env.insertQuery(UUID.randomUUID(), "someone-else", "not listed");

    APIGatewayV2HTTPResponse first = handler.handleRequest(event, null);
    JsonNode firstBody = Json.mapper().readTree(first.getBody());
    event.setQueryStringParameters(
        Map.of("limit", "2", "cursor", firstBody.get("nextCursor").asText()));
    JsonNode secondBody = Json.mapper().readTree(handler.handleRequest(event, null).getBody());

    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(questions(firstBody)).containsExactly("question 2", "question 1");
    assertThat(questions(secondBody)).containsExactly("question 0");
    assertThat(secondBody.get("nextCursor").isNull()).isTrue();
  }

  @ParameterizedTest
  @Event(value = "events/list-other-user-queries.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404_whenListingAnotherUsersHistory(APIGatewayV2HTTPEvent event)
      throws Exception {
    env.insertQuery(UUID.randomUUID(), "2d9f4b6e-8a1c-4e3f-b5d7-9c1e3a5f7b20", "private");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertError(response, 404, "NOT_FOUND", "userId");
    assertThat(response.getBody()).doesNotContain("private");
  }

  @ParameterizedTest
  @Event(value = "events/list-user-queries.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400_whenCursorOrLimitInvalid(APIGatewayV2HTTPEvent event) throws Exception {
    event.setQueryStringParameters(Map.of("cursor", "not-ours"));
    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "cursor");

    event.setQueryStringParameters(Map.of("limit", "500"));
    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "limit");

    event.setQueryStringParameters(Map.of("limit", "ten"));
    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "limit");
  }

  @ParameterizedTest
  @Event(value = "events/list-user-queries.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400NotServerError_whenCursorTamperedToAnImpossibleTime(
      APIGatewayV2HTTPEvent event) throws Exception {
    env.insertQuery(UUID.randomUUID(), CALLER, "question");
    for (String time :
        List.of("+1000000000-12-31T23:59:59.999999999Z", "+300000-01-01T00:00:00Z")) {
      String tampered =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString((time + "|" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
      event.setQueryStringParameters(Map.of("cursor", tampered));

      assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "cursor");
    }
  }

  @ParameterizedTest
  @Event(value = "events/list-user-queries.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400_whenLimitIsZero(APIGatewayV2HTTPEvent event) throws Exception {
    event.setQueryStringParameters(Map.of("limit", "0"));

    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "limit");
  }

  @ParameterizedTest
  @Event(value = "events/list-user-queries.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404_whenPathUserDiffersFromCallerOnlyInCase(APIGatewayV2HTTPEvent event)
      throws Exception {
    env.insertQuery(UUID.randomUUID(), CALLER, "private");
    event.setPathParameters(Map.of("userId", CALLER.toUpperCase(java.util.Locale.ROOT)));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertError(response, 404, "NOT_FOUND", "userId");
    assertThat(response.getBody()).doesNotContain("private");
  }

  private static List<String> questions(JsonNode page) {
    List<String> questions = new ArrayList<>();
    page.get("items").forEach(item -> questions.add(item.get("question").asText()));
    return questions;
  }
}
