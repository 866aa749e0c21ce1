package com.sqm.local.load;

import java.time.Instant;

/**
 * A query as a user's history lists it: its status, its error code when it failed, and when it was
 * accepted and finished (the server's clock).
 */
public record QueryState(
    String id, String status, String errorCode, Instant createdAt, Instant completedAt) {

  public boolean isFinished() {
    return "COMPLETED".equals(status) || "FAILED".equals(status);
  }
}
