package com.sqm.local;

import static org.awaitility.Awaitility.await;

import com.sqm.embedded.EmbeddedRedisServer;
import com.sqm.embedded.ProcessExit;
import com.sqm.local.runtime.LocalRuntimeInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code ./sqm dev} as a child JVM on the test classpath, as a developer runs it, so a test can
 * SIGKILL it; its output goes to a log file in the data directory's parent.
 */
final class DevProcess {
  /** The JVM's exit status after SIGTERM once its shutdown hooks ran (128 + 15). */
  static final int STOPPED_BY_SIGTERM = 143;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final Path log;
  private final LocalRuntimeInfo info;

  private DevProcess(Process process, Path log, LocalRuntimeInfo info) {
    this.process = process;
    this.log = log;
    this.info = info;
  }

  /** Starts {@code ./sqm dev --data-dir dataDir --port 0 args...} and waits until it is ready. */
  static DevProcess start(Path dataDir, Map<String, String> environment, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=log4j2-local.xml",
                "-cp",
                classpath,
                SqmCli.class.getName(),
                "dev",
                "--data-dir",
                dataDir.toString(),
                "--port",
                "0"));
    command.addAll(List.of(args));
    Path log;
    Process process;
    try {
      log = Files.createTempFile(dataDir.getParent(), "sqm-dev-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("SQM_ENGINE", "offline");
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start ./sqm dev", e);
    }
    try {
      LocalRuntimeInfo info =
          await()
              .atMost(START_TIMEOUT)
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> {
                    if (!process.isAlive()) {
                      throw new IllegalStateException(
                          "./sqm dev exited with " + process.exitValue() + ":\n" + read(log));
                    }
                    return LocalRuntimeInfo.read(dataDir)
                        .filter(found -> found.pid() == process.pid());
                  },
                  Optional::isPresent)
              .orElseThrow();
      return new DevProcess(process, log, info);
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("./sqm dev did not become ready:\n" + read(log), e);
    }
  }

  LocalRuntimeInfo info() {
    return info;
  }

  Process process() {
    return process;
  }

  String output() {
    return read(log);
  }

  /** SIGKILL: no shutdown hook runs, nothing is stopped. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Ctrl-C or docker stop; returns the exit status. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("./sqm dev did not stop on SIGTERM:\n" + output());
    }
    return process.exitValue();
  }

  /** The pid of the Postgres serving {@code dataDir} (first line of its postmaster.pid). */
  static long postgresPid(Path dataDir) {
    return pidIn(dataDir.resolve("postgres").resolve("postmaster.pid"));
  }

  /** The port of that Postgres (line 4 of postmaster.pid). */
  static int postgresPort(Path dataDir) {
    try {
      return Integer.parseInt(
          Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pid of the redis-server of {@code dataDir}. */
  static long redisPid(Path dataDir) {
    return pidIn(EmbeddedRedisServer.pidFile(dataDir.resolve("redis")));
  }

  /** Whether {@code pid} runs (a zombie waiting for its parent to reap it has stopped). */
  static boolean alive(long pid) {
    return ProcessExit.isRunning(pid);
  }

  private static long pidIn(Path file) {
    try {
      return Long.parseLong(Files.readAllLines(file).get(0).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
