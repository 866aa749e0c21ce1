package com.sqm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.config.Json;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.testing.TestEnvironment;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class SqsQueryQueueIT {
  private static TestEnvironment env;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("sqs_queue_it");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldDeliverQueryIdAsJson_whenEnqueued() throws Exception {
    UUID id = UUID.randomUUID();

    env.components().queue().enqueue(id);

    Message message = env.receiveMessages().get(0);
    assertThat(Json.mapper().readValue(message.body(), QueueMessage.class).queryId()).isEqualTo(id);
    assertThat(message.body()).isEqualTo("{\"queryId\":\"" + id + "\"}");
  }

  @Test
  void shouldAnswerPing_whenQueueExists() {
    assertThatCode(() -> env.components().queue().ping()).doesNotThrowAnyException();
  }

  @Test
  void shouldThrowQueueUnavailable_whenEndpointDown() {
    try (TestEnvironment.DeadQueue dead = TestEnvironment.deadQueue()) {
      SqsQueryQueue queue = dead.queue();

      assertThatThrownBy(() -> queue.enqueue(UUID.randomUUID()))
          .isInstanceOfSatisfying(
              SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_UNAVAILABLE));
      assertThatThrownBy(queue::ping).isInstanceOf(SqmException.class);
    }
  }
}
