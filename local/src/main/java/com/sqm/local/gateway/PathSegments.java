package com.sqm.local.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Splits a path into its segments and decodes them the way API Gateway fills path parameters. */
final class PathSegments {
  private PathSegments() {}

  /**
   * "/users/a/queries" → [users, a, queries]; "/" → []; a trailing slash keeps an empty segment.
   */
  static List<String> split(String path) {
    if (path.equals("/")) {
      return List.of();
    }
    return Arrays.asList(path.substring(1).split("/", -1));
  }

  // '+' is a literal plus in a path (only queries use it for a space).
  static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
