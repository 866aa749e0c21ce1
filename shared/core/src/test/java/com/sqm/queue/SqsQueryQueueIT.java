package com.sqm.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.config.AppConfig;
import com.sqm.config.Json;
import com.sqm.embedded.FreePort;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.testing.TestEnvironment;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
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
    String dead = "http://127.0.0.1:" + FreePort.find();
    AppConfig config =
        AppConfig.from(
            Map.of(
                "SQM_DB_URL",
                "jdbc:postgresql://unused/x",
                "SQM_QUEUE_URL",
                dead + "/000000000000/q",
                "SQM_SQS_ENDPOINT",
                dead));
    try (SqsClient client = SqsQueryQueue.client(config)) {
      SqsQueryQueue queue = new SqsQueryQueue(client, config.queueUrl());

      assertThatThrownBy(() -> queue.enqueue(UUID.randomUUID()))
          .isInstanceOfSatisfying(
              SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_UNAVAILABLE));
      assertThatThrownBy(queue::ping).isInstanceOf(SqmException.class);
    }
  }
}
