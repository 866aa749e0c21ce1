package com.sqm.functions.queries;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.cache.RedisResultCache;
import com.sqm.config.Json;
import com.sqm.embedded.FreePort;
import com.sqm.service.HealthService;
import com.sqm.testing.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;

class HealthHandlerIT {
  private static TestEnvironment env;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("health_handler_it");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @ParameterizedTest
  @Event(value = "events/health.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer200Up_whenDependenciesAnswerWithoutToken(APIGatewayV2HTTPEvent event)
      throws Exception {
    APIGatewayV2HTTPResponse response =
        new HealthHandler(env.components().healthService()).handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode body = Json.mapper().readTree(response.getBody());
    assertThat(body.get("status").asText()).isEqualTo("UP");
    for (String dependency : new String[] {"database", "queue", "cache"}) {
      assertThat(body.get("dependencies").get(dependency).get("status").asText()).isEqualTo("UP");
      assertThat(body.get("dependencies").get(dependency).get("latencyMs").isNumber()).isTrue();
    }
  }

  @ParameterizedTest
  @Event(value = "events/health.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer200Degraded_whenCacheDown(APIGatewayV2HTTPEvent event) throws Exception {
    try (RedisResultCache deadCache =
        RedisResultCache.connect("redis://127.0.0.1:" + FreePort.find())) {
      HealthService health =
          new HealthService(env.components().database(), env.components().queue(), deadCache);

      APIGatewayV2HTTPResponse response = new HealthHandler(health).handleRequest(event, null);

      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(Json.mapper().readTree(response.getBody()).get("status").asText())
          .isEqualTo("DEGRADED");
    }
  }

  @ParameterizedTest
  @Event(value = "events/health.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer503Down_whenQueueDown(APIGatewayV2HTTPEvent event) throws Exception {
    try (TestEnvironment.DeadQueue dead = TestEnvironment.deadQueue()) {
      HealthService health =
          new HealthService(env.components().database(), dead.queue(), env.components().cache());

      APIGatewayV2HTTPResponse response = new HealthHandler(health).handleRequest(event, null);

      assertThat(response.getStatusCode()).isEqualTo(503);
      assertThat(response.getHeaders()).containsKey("Retry-After");
      JsonNode body = Json.mapper().readTree(response.getBody());
      assertThat(body.get("status").asText()).isEqualTo("DOWN");
      assertThat(body.get("dependencies").get("queue").get("status").asText()).isEqualTo("DOWN");
    }
  }
}
