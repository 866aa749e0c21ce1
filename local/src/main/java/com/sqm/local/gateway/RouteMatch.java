package com.sqm.local.gateway;

import java.util.Map;
import java.util.Set;

/** What the route table found for a request: a route, a path with other methods, or nothing. */
public sealed interface RouteMatch {

  /** {@code route} serves the request; {@code pathParameters} are the decoded template values. */
  record Found(Route route, Map<String, String> pathParameters) implements RouteMatch {}

  /** The path exists but not for this method; {@code allowedMethods} are the ones it has. */
  record MethodNotAllowed(Set<String> allowedMethods) implements RouteMatch {}

  /** No route has this path. */
  record NotFound() implements RouteMatch {}
}
