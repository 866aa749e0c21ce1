package com.sqm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarningThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final WarningThrottle throttle = new WarningThrottle(Duration.ofMinutes(1), now::get);

  @Test
  void shouldLetOneWarningThroughPerMinute_whenFailuresRepeat() {
    assertThat(throttle.tryWarn()).isZero();
    assertThat(throttle.tryWarn()).isEqualTo(-1);
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(throttle.tryWarn()).isEqualTo(-1);

    now.addAndGet(Duration.ofSeconds(1).toNanos());

    assertThat(throttle.tryWarn()).as("held back since the last warning").isEqualTo(2);
    assertThat(throttle.tryWarn()).isEqualTo(-1);
  }
}
