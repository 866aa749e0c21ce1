package com.sqm.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP API route: {@code method} and a path template such as {@code /queries/{id}}, the
 * function that serves it, and whether the JWT authorizer guards it.
 */
public record Route(
    String method,
    String pathTemplate,
    String functionName,
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
    boolean requiresAuth) {

  public Route {
    Objects.requireNonNull(method);
    Objects.requireNonNull(functionName);
    Objects.requireNonNull(handler);
    if (!pathTemplate.startsWith("/")) {
      throw new IllegalArgumentException("path template must start with '/': " + pathTemplate);
    }
  }

  /** The route key as API Gateway writes it, e.g. {@code GET /queries/{id}}. */
  public String routeKey() {
    return method + " " + pathTemplate;
  }

  List<String> segments() {
    return PathSegments.split(pathTemplate);
  }
}
