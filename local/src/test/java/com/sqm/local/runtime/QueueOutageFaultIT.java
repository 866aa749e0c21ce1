package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.model.QueryStatus;
import com.sqm.model.UserQuery;
import com.sqm.store.OutboxRepository.OutboxRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: the queue (ElasticMQ) is down while questions are submitted. The caller still
 * gets 202; once the queue is back the sweeper sends what submit could not, and every question is
 * answered once.
 */
class QueueOutageFaultIT {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  private static FaultRig rig;

  @BeforeAll
  static void start() {
    rig = FaultRig.start("queue_outage_fault_it");
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void shouldAccept202AndAnswerEachQueryOnce_whenQueueIsDownDuringSubmit() throws Exception {
    rig.stopQueue();
    List<UUID> accepted = new ArrayList<>();
    for (String question : List.of("How many orders?", "How many customers?")) {
      APIGatewayV2HTTPResponse response = rig.submit("alice", question);
      assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
      accepted.add(UUID.fromString(Json.mapper().readTree(response.getBody()).path("id").asText()));
    }
    for (UUID id : accepted) {
      OutboxRecord record = rig.core().outbox().find(id).orElseThrow();
      assertThat(record.sentAt()).as("not on the queue yet").isNull();
      assertThat(record.lastError()).contains("queue");
      assertThat(rig.query("alice", id.toString()).path("status").asText()).isEqualTo("PENDING");
    }

    rig.startQueue();

    for (UUID id : accepted) {
      JsonNode answered =
          await()
              .atMost(ANSWER_TIMEOUT)
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () -> rig.query("alice", id.toString()),
                  q -> List.of("COMPLETED", "FAILED").contains(q.path("status").asText()));
      assertThat(answered.path("status").asText()).as(answered.toString()).isEqualTo("COMPLETED");
      assertThat(answered.path("result").path("rows")).isNotEmpty();
      UserQuery stored = rig.core().queries().findById(id).orElseThrow();
      assertThat(stored.status()).isEqualTo(QueryStatus.COMPLETED);
      assertThat(stored.attempts()).as("claimed and answered once").isEqualTo(1);
      assertThat(rig.core().outbox().find(id).orElseThrow().sentAt()).isNotNull();
    }
  }
}
