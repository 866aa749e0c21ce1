package com.sqm.functions.worker;

import static com.sqm.functions.worker.WorkerFixtures.eventFor;
import static com.sqm.functions.worker.WorkerFixtures.flushCache;
import static com.sqm.functions.worker.WorkerFixtures.registerDemoShop;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.testing.CapturedLog;
import com.sqm.testing.TestEnvironment;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker with tracing on, as {@code SQM_TRACING=true ./sqm dev} runs it: each delivery is a
 * segment sent over UDP to the X-Ray daemon (here a socket of the test), with a subsegment per
 * stage, and a failed stage marked.
 */
class TracingWorkerIT {
  private static final Duration RECEIVE_DEADLINE = Duration.ofSeconds(20);

  private static TestEnvironment env;
  private DatagramSocket daemon;
  private PipelineComponents pipelines;
  private QueryWorkerHandler handler;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("tracing_worker_it");
    registerDemoShop(env, "tracing_worker_it_shop");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void listen() throws IOException {
    daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Map<String, String> settings =
        Map.of(
            "SQM_TRACING", "true", "AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + daemon.getLocalPort());
    pipelines = PipelineComponents.create(env.components(), settings::get);
    handler = new QueryWorkerHandler(pipelines.pipeline());
    env.deleteAllQueries();
    flushCache();
  }

  @AfterEach
  void close() {
    pipelines.close();
    daemon.close();
  }

  @Test
  void shouldSendASegmentWithASubsegmentPerStage_whenTheWorkerAnswers() throws IOException {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, "alice", "top 5 products by revenue");

    handler.handleRequest(eventFor(id), null);

    JsonNode segment = segmentOf(id);
    assertThat(segment.path("name").asText()).isEqualTo("sqm-worker");
    assertThat(names(segment))
        .contains("ANALYZING_INTENT", "GENERATING_SQL", "VALIDATING_SQL", "EXECUTING_SQL");
    assertThat(segment.path("subsegments"))
        .allSatisfy(s -> assertThat(s.path("fault").asBoolean()).isFalse());
  }

  @Test
  void shouldMarkTheFailedStage_whenTheQuestionCannotBeAnswered() throws IOException {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, "alice", "what's the weather in Paris?");

    handler.handleRequest(eventFor(id), null);

    JsonNode segment = segmentOf(id);
    List<JsonNode> failed = new ArrayList<>();
    segment
        .path("subsegments")
        .forEach(
            s -> {
              if (s.path("fault").asBoolean()) {
                failed.add(s);
              }
            });
    assertThat(failed).hasSize(1);
    JsonNode exception = failed.get(0).path("cause").path("exceptions").path(0);
    assertThat(exception.path("type").asText()).contains("SqmException");
    // The error code only: a data source's message could quote values, a stack says nothing.
    assertThat(exception.path("message").asText()).matches("[A-Z_]+");
    assertThat(exception.has("stack")).isFalse();
  }

  @Test
  void shouldLogNothingAboutTracing_whenThereIsNoSegmentToAddStagesTo() {
    PipelineComponents lambdaLike =
        PipelineComponents.create(
            env.components(),
            Map.of(
                    "SQM_TRACING",
                    "true",
                    "AWS_LAMBDA_FUNCTION_NAME",
                    "sqm-worker",
                    "AWS_XRAY_DAEMON_ADDRESS",
                    "127.0.0.1:" + daemon.getLocalPort())
                ::get);
    UUID id = UUID.randomUUID();
    env.insertQuery(id, "alice", "top 5 products by revenue");

    try (CapturedLog log = CapturedLog.attach()) {
      new QueryWorkerHandler(lambdaLike.pipeline()).handleRequest(eventFor(id), null);

      assertThat(log.lines()).noneMatch(line -> line.toLowerCase().contains("segment"));
    } finally {
      lambdaLike.close();
    }
    assertThat(env.components().queries().findById(id).orElseThrow().status().name())
        .isEqualTo("COMPLETED");
  }

  /** Receives segment documents until the one of {@code queryId} arrives, within the deadline. */
  private JsonNode segmentOf(UUID queryId) throws IOException {
    Instant deadline = Instant.now().plus(RECEIVE_DEADLINE);
    byte[] buffer = new byte[65_536];
    while (Instant.now().isBefore(deadline)) {
      daemon.setSoTimeout((int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        daemon.receive(packet);
      } catch (SocketTimeoutException e) {
        break;
      }
      String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      // The daemon protocol: a header line, then the document.
      JsonNode document = Json.mapper().readTree(text.substring(text.indexOf('\n') + 1));
      if (queryId.toString().equals(document.path("annotations").path("queryId").asText())) {
        return document;
      }
    }
    throw new AssertionError("no segment of " + queryId + " within " + RECEIVE_DEADLINE);
  }

  private static List<String> names(JsonNode segment) {
    List<String> names = new ArrayList<>();
    segment.path("subsegments").forEach(s -> names.add(s.path("name").asText()));
    return names;
  }
}
