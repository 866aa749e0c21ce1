package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.cache.RedisResultCache;
import com.sqm.config.Json;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: the redis-server behind the result cache is stopped. Questions are still
 * answered (without the cache), and the outage is one warning in the log, not one per question.
 */
class RedisOutageFaultIT {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  private static FaultRig rig;

  @BeforeAll
  static void start() {
    rig = FaultRig.start("redis_outage_fault_it");
  }

  @AfterAll
  static void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void shouldAnswerEveryQuestionAndWarnOnce_whenRedisIsStopped() throws Exception {
    assertThat(answer("How many orders?").path("status").asText()).isEqualTo("COMPLETED");
    rig.stopRedis();
    List<LogEvent> cacheWarnings = new CopyOnWriteArrayList<>();
    Logger cacheLog = (Logger) LogManager.getLogger(RedisResultCache.class);
    AbstractAppender capture =
        new AbstractAppender("redis-outage-capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
              cacheWarnings.add(event.toImmutable());
            }
          }
        };
    capture.start();
    cacheLog.addAppender(capture);
    try {
      for (String question :
          List.of("How many orders?", "How many customers?", "How many products?")) {
        JsonNode answered = answer(question);

        assertThat(answered.path("status").asText()).as(answered.toString()).isEqualTo("COMPLETED");
        assertThat(answered.path("result").path("rows")).isNotEmpty();
      }
    } finally {
      cacheLog.removeAppender(capture);
      capture.stop();
    }

    assertThat(cacheWarnings)
        .as("one warning for the outage, not one per get and put")
        .singleElement()
        .satisfies(
            e -> assertThat(e.getMessage().getFormattedMessage()).contains("cache unavailable"));
  }

  private static JsonNode answer(String question) throws Exception {
    APIGatewayV2HTTPResponse response = rig.submit("alice", question);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
    String id = Json.mapper().readTree(response.getBody()).path("id").asText();
    return await()
        .atMost(ANSWER_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> rig.query("alice", id),
            q -> List.of("COMPLETED", "FAILED").contains(q.path("status").asText()));
  }
}
