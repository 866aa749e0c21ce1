package com.sqm.local.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start the local runtime: the data directory, the ports (0 picks a free one) and the
 * environment {@code SQM_*} settings such as {@code SQM_ENGINE} are read from, and, if not null,
 * the external services to use instead of the embedded ones.
 */
public record LocalRuntimeOptions(
    Path dataDir,
    int httpPort,
    int sqsPort,
    int postgresPort,
    int redisPort,
    Map<String, String> environment,
    ExternalServices external) {
  public static final int DEFAULT_HTTP_PORT = 3000;

  /** Embedded services: Postgres, ElasticMQ and Redis started in the data directory. */
  public LocalRuntimeOptions(
      Path dataDir,
      int httpPort,
      int sqsPort,
      int postgresPort,
      int redisPort,
      Map<String, String> environment) {
    this(dataDir, httpPort, sqsPort, postgresPort, redisPort, environment, null);
  }

  /** The services to use instead of starting embedded ones ({@code ./sqm dev --external}). */
  public Optional<ExternalServices> externalServices() {
    return Optional.ofNullable(external);
  }

  public LocalRuntimeOptions {
    Objects.requireNonNull(dataDir);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    for (int port : new int[] {httpPort, sqsPort, postgresPort, redisPort}) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }
  }

  /** The defaults of {@code ./sqm dev}: HTTP on 3000, everything else on free ports. */
  public static LocalRuntimeOptions defaults(Path dataDir, Map<String, String> environment) {
    return new LocalRuntimeOptions(dataDir, DEFAULT_HTTP_PORT, 0, 0, 0, environment);
  }
}
