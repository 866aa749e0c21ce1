package com.sqm.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON error answers the gateway gives itself, in the API's {@code {"error":{...}}} shape. */
final class GatewayResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayResponses() {}

  static APIGatewayV2HTTPResponse error(int status, String code, String message) {
    return error(status, code, message, Map.of());
  }

  static APIGatewayV2HTTPResponse error(
      int status, String code, String message, Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
    headers.put("content-type", "application/json");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(headers)
        .withBody(body(code, message))
        .build();
  }

  /** {@code {"error":{"code":...,"message":...}}}. */
  static String body(String code, String message) {
    try {
      return JSON.writeValueAsString(Map.of("error", Map.of("code", code, "message", message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rest of the body is never read: the connection is closed after the answer. */
  static APIGatewayV2HTTPResponse payloadTooLarge() {
    return error(
        413,
        "PAYLOAD_TOO_LARGE",
        "The request body is limited to " + RequestLimits.MAX_BODY_BYTES + " bytes.",
        Map.of("connection", "close"));
  }

  static APIGatewayV2HTTPResponse headersTooLarge() {
    return error(
        431,
        "REQUEST_HEADER_FIELDS_TOO_LARGE",
        "Request headers are limited to " + RequestLimits.MAX_HEADER_BYTES + " bytes.",
        Map.of("connection", "close"));
  }
}
