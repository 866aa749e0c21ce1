package com.sqm.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.sqm.config.Json;
import com.sqm.queue.QueueMessage;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The message the submit side sends is the one the worker's fixture (events/sqs-query-message.json)
 * carries.
 */
class QueueMessageFixtureTest {

  @ParameterizedTest
  @Event(value = "events/sqs-query-message.json", type = SQSEvent.class)
  void shouldMatchSentMessageShape_whenWorkerFixtureRead(SQSEvent event) throws Exception {
    String body = event.getRecords().get(0).getBody();
    UUID id = Json.mapper().readValue(body, QueueMessage.class).queryId();

    assertThat(id).isEqualTo(UUID.fromString("0f8e2d4c-6b1a-4c3e-9d57-2a8b1e6f4c90"));
    assertThat(Json.mapper().writeValueAsString(new QueueMessage(id))).isEqualTo(body);
  }
}
