package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The event the local gateway builds has the same fields, at the same places, as the API Gateway
 * event recorded in {@code events/get-query.json} (the handlers' own fixture).
 */
class ApiGatewayEventShapeTest {
  private static final Path RECORDED = Path.of("..", "events", "get-query.json");
  private static final ObjectMapper JSON =
      new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  @Test
  void shouldHaveFieldsOfRecordedEvent_whenBuiltForSameRequest() throws Exception {
    JsonNode recorded = JSON.readTree(Files.readString(RECORDED));
    String id = recorded.path("pathParameters").path("id").asText();
    Route route =
        new Route(
            "GET",
            "/queries/{id}",
            "get",
            (event, context) -> APIGatewayV2HTTPResponse.builder().withStatusCode(200).build(),
            true);
    IncomingRequest request =
        new IncomingRequest(
            "GET",
            "/queries/" + id,
            "",
            Map.of(
                "Host",
                List.of("localhost:3000"),
                "User-Agent",
                List.of("curl/8.5.0"),
                "Authorization",
                List.of("Bearer x")),
            "",
            "127.0.0.1",
            "HTTP/1.1");

    APIGatewayV2HTTPEvent event =
        new ApiGatewayEventFactory(Clock.systemUTC(), () -> "r-1")
            .build(request, route, Map.of("id", id), Map.of("sub", "alice", "iss", "sqm-local"));
    JsonNode built = JSON.valueToTree(event);

    assertThat(fieldPaths(built, "")).isEqualTo(fieldPaths(recorded, ""));
    assertThat(built.path("requestContext").path("routeKey"))
        .isEqualTo(recorded.path("requestContext").path("routeKey"));
    assertThat(built.path("pathParameters")).isEqualTo(recorded.path("pathParameters"));
  }

  // Field paths of objects, not descending into maps whose keys are data (headers, claims).
  private static Set<String> fieldPaths(JsonNode node, String prefix) {
    Set<String> paths = new TreeSet<>();
    if (!node.isObject() || prefix.endsWith("headers") || prefix.endsWith("claims")) {
      return paths;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (field.getValue().isNull()) {
        continue;
      }
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      paths.add(path);
      paths.addAll(fieldPaths(field.getValue(), path));
    }
    return paths;
  }
}
