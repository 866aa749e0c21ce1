package com.sqm.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.Json;
import com.sqm.model.ErrorCode;
import com.sqm.model.RateLimitedException;
import com.sqm.model.SqmException;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds API Gateway HTTP API responses: JSON bodies, and errors as {@code
 * {"error":{code,message,field}}}. A 503 carries {@code Retry-After}.
 */
public final class ApiResponses {
  /**
   * Seconds a caller should wait before trying again after a 503: long enough for a restarted
   * database or queue to come back, short enough that a person is not kept waiting.
   */
  public static final String RETRY_AFTER_SECONDS = "5";

  private ApiResponses() {}

  public static APIGatewayV2HTTPResponse json(int status, Object body) {
    return json(status, body, Map.of());
  }

  public static APIGatewayV2HTTPResponse json(
      int status, Object body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new HashMap<>(extraHeaders);
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    if (status == 503) {
      // Every 503 is a dependency that may come back: tell clients when to try again.
      headers.putIfAbsent("Retry-After", RETRY_AFTER_SECONDS);
    }
    try {
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(status)
          .withHeaders(headers)
          .withBody(Json.mapper().writeValueAsString(body))
          .withIsBase64Encoded(false)
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response body not serialisable", e);
    }
  }

  /** 204 with no body: a resource was removed. */
  public static APIGatewayV2HTTPResponse noContent() {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(204)
        .withHeaders(Map.of("Cache-Control", "no-store"))
        .withIsBase64Encoded(false)
        .build();
  }

  /** The error response of {@code e}; its status is the code's HTTP status. */
  public static APIGatewayV2HTTPResponse error(SqmException e, String requestId) {
    boolean serverFault = e.code() == ErrorCode.INTERNAL_ERROR;
    ApiError error =
        new ApiError(e.code(), e.getMessage(), e.field(), serverFault ? requestId : null);
    Map<String, String> headers =
        e instanceof RateLimitedException limited
            ? Map.of("Retry-After", String.valueOf(limited.retryAfterSeconds()))
            : Map.of();
    return json(e.code().httpStatus(), new ApiError.Body(error), headers);
  }

  /** A 500 that tells the caller nothing about the fault except the id to quote. */
  public static APIGatewayV2HTTPResponse internalError(String requestId) {
    ApiError error =
        new ApiError(
            ErrorCode.INTERNAL_ERROR,
            "an unexpected error occurred; quote the request id when reporting it",
            null,
            requestId);
    return json(ErrorCode.INTERNAL_ERROR.httpStatus(), new ApiError.Body(error));
  }
}
