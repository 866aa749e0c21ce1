package com.sqm.local.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One load run: how many questions, how many submitters at a time, against which API, how long to
 * wait for the answers, and whether the answer cache may serve them.
 */
public record LoadSettings(
    URI baseUri, int queries, int concurrency, Duration timeout, boolean cache) {
  /**
   * Questions per user: stays under the per-user submit limit (60 a minute) however fast they go.
   */
  public static final int QUERIES_PER_USER = 50;

  public LoadSettings {
    Objects.requireNonNull(baseUri);
    Objects.requireNonNull(timeout);
    if (queries < 1 || concurrency < 1) {
      throw new IllegalArgumentException("queries and concurrency must be positive");
    }
  }

  /** How many users the questions are spread over. */
  public int users() {
    return (queries + QUERIES_PER_USER - 1) / QUERIES_PER_USER;
  }
}
