package com.sqm.functions.queries;

import static com.sqm.functions.queries.GetQueryHandlerIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.IdentitySettings;
import com.sqm.config.Json;
import com.sqm.testing.TestEnvironment;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

/** {@code GET /audit}: the rows for an admin, 403 for anyone else. */
class AuditHandlerIT {
  private static TestEnvironment env;
  private static AuditHandler handler;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("audit_handler_it");
    handler = new AuditHandler(env.components().auditService(), IdentitySettings.DEFAULTS);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @ParameterizedTest
  @Event(value = "events/get-audit.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswerTheDataSourcesRowsNewestFirst_whenTheCallerIsAnAdmin(APIGatewayV2HTTPEvent event)
      throws Exception {
    String user = "audited-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      env.insertQuery(UUID.randomUUID(), user, "question " + i);
    }
    env.execute(
        "INSERT INTO audit_log (actor, action, data_source_id, outcome)"
            + " VALUES ('someone', 'ADMIN_GRANT_ADDED', 'sales', 'DONE')");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(response.getBody());
    assertThat(body.get("items")).hasSize(2);
    JsonNode newest = body.get("items").get(0);
    assertThat(newest.get("actor").asText()).isEqualTo(user);
    assertThat(newest.get("action").asText()).isEqualTo("QUERY_SUBMITTED");
    assertThat(newest.get("dataSourceId").asText()).isEqualTo("demo");
    assertThat(newest.get("question").asText()).isEqualTo("question 2");
    assertThat(body.get("items").get(1).get("question").asText()).isEqualTo("question 1");
    assertThat(body.get("nextCursor").asText()).isNotBlank();
  }

  @ParameterizedTest
  @Event(value = "events/get-audit-not-admin.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer403AndNoRows_whenTheCallerIsNotAnAdmin(APIGatewayV2HTTPEvent event)
      throws Exception {
    env.insertQuery(UUID.randomUUID(), "audited-" + UUID.randomUUID(), "a private question");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertError(response, 403, "FORBIDDEN", null);
    assertThat(response.getBody()).doesNotContain("a private question");
  }

  @ParameterizedTest
  @Event(value = "events/get-audit.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400NamingTheField_whenATimeIsNotAnInstant(APIGatewayV2HTTPEvent event)
      throws Exception {
    event.setQueryStringParameters(Map.of("from", "2026-11-26"));
    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "from");

    event.setQueryStringParameters(Map.of("to", "tomorrow"));
    assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR", "to");
  }
}
