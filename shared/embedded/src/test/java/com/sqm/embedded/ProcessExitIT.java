package com.sqm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exit as a server's stopper sees it: a zombie nobody has reaped yet has exited. */
class ProcessExitIT {
  @Test
  void shouldCountAZombieAsExited_whenItsParentHasNotReapedIt() throws Exception {
    // sh starts a short child, prints its pid and becomes `sleep 30`, which never reaps it.
    Process parent =
        new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $!; exec sleep 30")
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII))) {
      long childPid = Long.parseLong(out.readLine().strip());
      ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();

      boolean exited = ProcessExit.await(child, Duration.ofSeconds(10));

      assertThat(exited).isTrue();
      assertThat(child.isAlive()).as("still a zombie to the JDK").isTrue();
      assertThat(ProcessExit.isRunning(childPid)).isFalse();
    } finally {
      parent.destroyForcibly();
      parent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldReportRunningUntilTheTimeout_whenTheProcessKeepsRunning() throws Exception {
    Process running = new ProcessBuilder("sleep", "30").start();
    try {
      boolean exited = ProcessExit.await(running.toHandle(), Duration.ofMillis(200));

      assertThat(exited).isFalse();
      assertThat(ProcessExit.isRunning(running.pid())).isTrue();
    } finally {
      running.destroyForcibly();
      running.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldCountAReapedChildAsExited_whenItEnds() throws Exception {
    Process quick = new ProcessBuilder("true").start();

    boolean exited = ProcessExit.await(quick.toHandle(), Duration.ofSeconds(10));

    assertThat(exited).isTrue();
    assertThat(ProcessExit.isRunning(quick.pid())).isFalse();
  }
}
