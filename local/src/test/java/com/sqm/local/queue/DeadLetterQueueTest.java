package com.sqm.local.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterQueueTest {

  @Test
  void shouldReadQueryId_whenBodyIsWhatSubmitSends() {
    UUID id = UUID.randomUUID();

    assertThat(DeadLetterQueue.queryId("{\"queryId\":\"" + id + "\"}")).contains(id);
  }

  @Test
  void shouldFindNoQueryId_whenBodyIsNotJsonOrIdIsNotUuid() {
    assertThat(DeadLetterQueue.queryId("this is not json")).isEmpty();
    assertThat(DeadLetterQueue.queryId("{\"queryId\":\"42\"}")).isEmpty();
    assertThat(DeadLetterQueue.queryId("{}")).isEmpty();
    assertThat(DeadLetterQueue.queryId(null)).isEmpty();
  }
}
