package com.sqm.api;

import com.sqm.model.QueryStatus;
import java.util.Map;
import java.util.UUID;

/** The 202 body of {@code POST /queries}: the new query's id, its status and where to poll it. */
public record QueryAccepted(UUID id, QueryStatus status, Map<String, String> links) {

  public static QueryAccepted of(UUID id, QueryStatus status) {
    return new QueryAccepted(id, status, Map.of("self", selfLink(id)));
  }

  public static String selfLink(UUID id) {
    return "/queries/" + id;
  }
}
