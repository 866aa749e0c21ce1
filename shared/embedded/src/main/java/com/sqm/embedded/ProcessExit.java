package com.sqm.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a server process has exited. A process that is not our child (a Postgres started through
 * pg_ctl) stays a zombie until its parent reaps it, which may take a second or more; it has exited
 * all the same (ports and files released), and the JDK's own wait for such a process sleeps 300 ms
 * and more between looks.
 */
public final class ProcessExit {
  private static final long POLL_MILLIS = 20;

  private ProcessExit() {}

  /** Whether {@code process} is gone or a zombie waiting to be reaped. */
  public static boolean hasExited(ProcessHandle process) {
    if (!process.isAlive()) {
      return true;
    }
    return isZombie(process.pid());
  }

  /** Whether the process {@code pid} is running (neither gone nor a zombie). */
  public static boolean isRunning(long pid) {
    return ProcessHandle.of(pid).map(process -> !hasExited(process)).orElse(false);
  }

  /** Waits up to {@code timeout} for {@code process} to exit; returns whether it did. */
  public static boolean await(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (hasExited(process)) {
        return true;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return false;
      }
      try {
        // Returns at once for a child of ours; for another process, the look above decides.
        process.onExit().get(Math.min(left, POLL_MILLIS), TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        // look again
      } catch (ExecutionException e) {
        return !process.isAlive();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** State Z in /proc/PID/stat (Linux); elsewhere no process counts as a zombie. */
  private static boolean isZombie(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String line = Files.readString(stat, StandardCharsets.US_ASCII);
      // "pid (command) state ...": the command may hold spaces and parentheses.
      int end = line.lastIndexOf(") ");
      return end >= 0 && end + 2 < line.length() && line.charAt(end + 2) == 'Z';
    } catch (NoSuchFileException e) {
      // Gone since the look at isAlive() (where there is a /proc at all).
      return Files.isDirectory(Path.of("/proc", "self"));
    } catch (IOException e) {
      return false;
    }
  }
}
