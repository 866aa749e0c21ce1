package com.sqm.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiInvocationTest {
  private final APIGatewayV2HTTPEvent event =
      APIGatewayV2HTTPEvent.builder()
          .withRequestContext(
              APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-1").build())
          .build();

  @Test
  void shouldAnswerWithCodeStatusAndField_whenRouteThrowsSqmException() throws Exception {
    APIGatewayV2HTTPResponse response =
        new ApiInvocation()
            .handle(
                event,
                null,
                r -> {
                  throw new SqmException(
                      ErrorCode.VALIDATION_ERROR, "question is required", "question");
                });

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(error.get("message").asText()).isEqualTo("question is required");
    assertThat(error.get("field").asText()).isEqualTo("question");
    assertThat(error.has("requestId")).isFalse();
  }

  @Test
  void shouldAnswerGeneric500WithRequestId_whenRouteFailsUnexpectedly() throws Exception {
    APIGatewayV2HTTPResponse response =
        new ApiInvocation()
            .handle(
                event,
                null,
                r -> {
                  throw new IllegalStateException("secret internals: password=hunter2");
                });

    assertThat(response.getStatusCode()).isEqualTo(500);
    assertThat(response.getBody()).doesNotContain("hunter2", "IllegalStateException", "at com.");
    JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(error.get("requestId").asText()).isEqualTo("req-1");
  }

  @Test
  void shouldReturnRouteResponse_whenRouteSucceeds() {
    APIGatewayV2HTTPResponse response =
        new ApiInvocation().handle(event, null, r -> ApiResponses.json(200, Map.of("ok", true)));

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getBody()).isEqualTo("{\"ok\":true}");
  }
}
