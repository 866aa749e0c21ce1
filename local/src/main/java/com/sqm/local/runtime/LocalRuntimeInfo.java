package com.sqm.local.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a running {@code ./sqm dev} tells the commands that work with it ({@code ./sqm dlq}): its
 * pid, API and queues (the work queue, its dead-letter queue, and the intake queue other services
 * send questions to), and where its Postgres and Redis listen (no passwords: those stay in their
 * owner-only files in the data directory). Written to {@code runtime.json} in the data directory
 * once it is ready, removed on a clean stop; a file whose process is dead is ignored.
 */
public record LocalRuntimeInfo(
    long pid,
    int httpPort,
    String baseUrl,
    String sqsEndpoint,
    String queueUrl,
    String deadLetterQueueUrl,
    String intakeQueueUrl,
    String databaseUrl,
    String redisUrl) {
  static final String FILE_NAME = "runtime.json";

  /**
   * The running {@code ./sqm dev} of {@code dataDir}; without one, a start-up error saying so and
   * {@code why} the command needs it.
   */
  public static LocalRuntimeInfo requireRunning(Path dataDir, String why) {
    return read(dataDir)
        .orElseThrow(
            () ->
                new LocalStartupException(
                    "no ./sqm dev is running on "
                        + dataDir.toAbsolutePath().normalize()
                        + "; start it first ("
                        + why
                        + ")"));
  }

  /** The running {@code ./sqm dev} of {@code dataDir}, if there is one. */
  public static Optional<LocalRuntimeInfo> read(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    LocalRuntimeInfo info;
    try {
      info = Json.mapper().readValue(file.toFile(), LocalRuntimeInfo.class);
    } catch (JsonProcessingException e) {
      return Optional.empty(); // being written, or left half-written by a crash
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
    boolean alive = ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false);
    return alive ? Optional.of(info) : Optional.empty();
  }

  /** Writes the file atomically, so a reader never sees half of it. */
  void write(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    Path next = dataDir.resolve(FILE_NAME + ".next");
    try {
      Files.writeString(next, Json.mapper().writeValueAsString(this));
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dataDir.resolve(FILE_NAME), e);
    }
  }
}
