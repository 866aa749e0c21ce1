package com.sqm.local.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HTTP API's routes, matched like API Gateway does: exact segments, and {@code {name}} matching
 * exactly one non-empty segment.
 */
public final class RouteTable {
  private final List<Route> routes;

  public RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  public List<Route> routes() {
    return routes;
  }

  /** Finds the route for {@code method} and the raw (still percent-encoded) {@code rawPath}. */
  public RouteMatch match(String method, String rawPath) {
    String upperMethod = method.toUpperCase(Locale.ROOT);
    Set<String> otherMethods = new TreeSet<>();
    for (Route route : routes) {
      Optional<Map<String, String>> parameters =
          bind(route.segments(), PathSegments.split(rawPath));
      if (parameters.isEmpty()) {
        continue;
      }
      if (route.method().equals(upperMethod)) {
        return new RouteMatch.Found(route, parameters.get());
      }
      otherMethods.add(route.method());
    }
    return otherMethods.isEmpty()
        ? new RouteMatch.NotFound()
        : new RouteMatch.MethodNotAllowed(otherMethods);
  }

  private static Optional<Map<String, String>> bind(List<String> template, List<String> path) {
    if (template.size() != path.size()) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      String actual = path.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        if (actual.isEmpty()) {
          return Optional.empty();
        }
        parameters.put(expected.substring(1, expected.length() - 1), PathSegments.decode(actual));
      } else if (!expected.equals(actual)) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }
}
