package com.sqm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * Checks the log lines of one handler invocation: each carries the invocation's request id and its
 * cold start flag (as {@link CapturedLog} prints the MDC).
 */
public final class InvocationLog {
  private InvocationLog() {}

  /** Runs {@code invocation} and asserts that it logged, every line labelled as given. */
  public static void assertLabelled(String requestId, boolean coldStart, Runnable invocation) {
    List<String> lines = capture(invocation::run);
    assertThat(lines).as("the invocation logged").isNotEmpty();
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains("requestId=" + requestId)
                    .contains("coldStart=" + coldStart));
  }

  private static List<String> capture(Runnable invocation) {
    try (CapturedLog log = CapturedLog.attach()) {
      invocation.run();
      return log.lines();
    }
  }
}
