package com.sqm.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** Routes for gateway tests: a handler that counts its calls and gives a fixed answer. */
final class StubRoutes {
  private StubRoutes() {}

  /** A route whose handler adds one to {@code calls} and answers {@code answer}. */
  static Route counting(
      String method,
      String pathTemplate,
      String functionName,
      boolean requiresAuth,
      AtomicInteger calls,
      APIGatewayV2HTTPResponse answer) {
    return new Route(
        method,
        pathTemplate,
        functionName,
        (event, context) -> {
          calls.incrementAndGet();
          return answer;
        },
        requiresAuth);
  }

  /** An answer with only a status code. */
  static APIGatewayV2HTTPResponse status(int statusCode) {
    return APIGatewayV2HTTPResponse.builder().withStatusCode(statusCode).build();
  }
}
