package com.sqm.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process a killed predecessor left running on a data directory, found through the pid
 * file the server keeps there; stopped only when its command line shows it is that server.
 */
final class LeftoverProcess {
  private static final Logger log = LoggerFactory.getLogger(LeftoverProcess.class);
  private static final Duration GRACE = Duration.ofSeconds(30);

  private LeftoverProcess() {}

  /**
   * The live process named on the first line of {@code pidFile}, if its command line contains every
   * one of {@code markers}.
   */
  static Optional<ProcessHandle> find(Path pidFile, String... markers) {
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + pidFile, e);
    }
    long pid;
    try {
      pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process =
        ProcessHandle.of(pid).filter(handle -> !ProcessExit.hasExited(handle));
    if (process.isEmpty()) {
      return Optional.empty();
    }
    String commandLine = commandLine(process.get());
    for (String marker : markers) {
      if (!commandLine.contains(marker)) {
        // The pid was reused by an unrelated process: leave it alone.
        return Optional.empty();
      }
    }
    return process;
  }

  /**
   * Stops {@code process}: {@code signal} (e.g. "INT", "TERM") first, SIGKILL if it has not exited
   * within the grace period; returns once it is gone.
   */
  static void stop(ProcessHandle process, String signal, String what) {
    log.warn("stopping {} (pid {})", what, process.pid());
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      kill.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // No kill(1) on this system: SIGTERM is the signal the JDK can send.
      process.destroy();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!awaitExit(process, GRACE)) {
      log.warn("{} (pid {}) did not stop within {}; killing it", what, process.pid(), GRACE);
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(10));
    }
  }

  /** Waits up to {@code timeout} for {@code process} to exit; returns whether it did. */
  static boolean awaitExit(ProcessHandle process, Duration timeout) {
    return ProcessExit.await(process, timeout);
  }

  /** The process's command line; /proc on Linux, else what the JDK can tell. */
  static String commandLine(ProcessHandle process) {
    Path procCmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      if (Files.isReadable(procCmdline)) {
        return new String(Files.readAllBytes(procCmdline), StandardCharsets.UTF_8)
            .replace('\0', ' ');
      }
    } catch (IOException e) {
      // The process exited meanwhile: fall through to what the JDK knows (nothing, then).
    }
    return process.info().commandLine().orElse("");
  }

  static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + file, e);
    }
  }
}
