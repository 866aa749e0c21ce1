package com.sqm.local.gateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the local gateway, before it becomes an API Gateway event. {@code
 * rawPath} and {@code rawQuery} are still percent-encoded; {@code rawQuery} is empty when absent.
 */
public record IncomingRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    String body,
    String sourceIp,
    String protocol) {
  public IncomingRequest {
    rawQuery = rawQuery == null ? "" : rawQuery;
    headers = headers == null ? Map.of() : headers;
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }
}
