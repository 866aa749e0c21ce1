package com.sqm.local.runtime;

import java.util.Map;

/**
 * How the local runner's event source runs the worker: how many batches at once ({@code
 * SQM_LOCAL_WORKER_CONCURRENCY}, default 4, as Lambda runs several instances of a function) and the
 * work queue's visibility timeout ({@code SQM_LOCAL_VISIBILITY_TIMEOUT_SECONDS}, default 60).
 */
public record LocalWorkerSettings(int concurrency, int visibilityTimeoutSeconds) {
  public static final String CONCURRENCY = "SQM_LOCAL_WORKER_CONCURRENCY";
  public static final String VISIBILITY_TIMEOUT = "SQM_LOCAL_VISIBILITY_TIMEOUT_SECONDS";
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final int MAX_CONCURRENCY = 64;

  /**
   * Reads the settings from {@code environment}; a bad value is a {@link LocalStartupException}.
   */
  public static LocalWorkerSettings from(Map<String, String> environment) {
    return new LocalWorkerSettings(
        intSetting(environment, CONCURRENCY, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
        intSetting(
            environment, VISIBILITY_TIMEOUT, LocalQueues.VISIBILITY_TIMEOUT_SECONDS, 1, 43_200));
  }

  /**
   * The app database pool for this many pollers: one connection each, plus the HTTP threads (a
   * submit holds a connection for a moment of its round trip) and the background tasks.
   */
  int databasePoolSize() {
    return concurrency + 16;
  }

  private static int intSetting(
      Map<String, String> environment, String name, int fallback, int min, int max) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LocalStartupException(
        name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
  }
}
