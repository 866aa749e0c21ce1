package com.sqm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.testing.CapturedLog;
import com.sqm.testing.InvocationLog;
import com.sqm.testing.TestLambdaContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LambdaInvocationTest {
  private static final Logger log = LoggerFactory.getLogger(LambdaInvocationTest.class);

  private final LambdaInvocation invocation = new LambdaInvocation();

  @Test
  void shouldLabelTheFirstInvocationCold_andTheNextOnesWarm_whenTheyLog() {
    InvocationLog.assertLabelled(
        "req-1",
        true,
        () -> invocation.run(new TestLambdaContext("req-1"), () -> log.info("first")));
    InvocationLog.assertLabelled(
        "req-2",
        false,
        () -> invocation.run(new TestLambdaContext("req-2"), () -> log.info("second")));
  }

  @Test
  void shouldUseTheFallbackRequestId_whenTheContextHasNone() {
    String seen = invocation.run(null, "api-req", () -> MDC.get(LambdaInvocation.REQUEST_ID));

    assertThat(seen).isEqualTo("api-req");
  }

  @Test
  void shouldClearRequestIdAndColdStart_whenTheWorkThrows() {
    assertThatThrownBy(
            () ->
                invocation.run(
                    new TestLambdaContext("req-1"),
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(MDC.get(LambdaInvocation.REQUEST_ID)).isNull();
    assertThat(MDC.get(LambdaInvocation.COLD_START)).isNull();
  }

  @Test
  void shouldNotCarryALeftoverRequestId_whenThisInvocationHasNone() {
    MDC.put(LambdaInvocation.REQUEST_ID, "stale");
    try (CapturedLog captured = CapturedLog.attach()) {
      invocation.run(null, () -> log.info("no id"));

      assertThat(captured.lines())
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).doesNotContain("stale"));
    } finally {
      MDC.remove(LambdaInvocation.REQUEST_ID);
    }
  }
}
