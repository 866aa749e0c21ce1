package com.sqm.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalScheduleTest {

  @Test
  void shouldKeepInvokingWithScheduledEvents_whenAnInvocationFails() throws Exception {
    List<ScheduledEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch threeRuns = new CountDownLatch(3);
    try (LocalSchedule schedule =
        LocalSchedule.start(
            "sqm-sweeper",
            (ScheduledEvent event, Context context) -> {
              events.add(event);
              threeRuns.countDown();
              if (events.size() == 1) {
                throw new IllegalStateException("the store is down");
              }
              return context.getAwsRequestId();
            },
            Duration.ofMillis(10))) {
      assertThat(threeRuns.await(10, TimeUnit.SECONDS)).as("ran on after a failure").isTrue();
    }

    assertThat(events.get(0).getDetailType()).isEqualTo("Scheduled Event");
    assertThat(events.get(0).getSource()).isEqualTo("aws.events");
    assertThat(events.get(0).getId()).isNotEqualTo(events.get(1).getId());
  }
}
