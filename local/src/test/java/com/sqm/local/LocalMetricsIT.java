package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.metrics.MetricNames;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local runtime's stdout, as {@code ./sqm dev} prints it: every question the worker answers
 * leaves CloudWatch EMF lines (stage latency, model usage, final status) among the log lines, with
 * low-cardinality dimensions only and nothing of the question or its rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalMetricsIT {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
  private static final List<String> ANSWERABLE =
      List.of(
          "top 5 products by revenue",
          "orders per month last year",
          "average order value by country");
  private static final String UNANSWERABLE = "what's the weather in Paris?";
  private static final Set<String> DIMENSIONS =
      Set.of(MetricNames.STAGE, MetricNames.ENGINE, MetricNames.STATUS, MetricNames.ERROR_CODE);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final StdoutCopy stdout = new StdoutCopy();
  private PrintStream originalOut;
  private Path dataDir;
  private LocalRuntime runtime;
  private String token;

  @BeforeAll
  void start() throws IOException {
    originalOut = System.out;
    System.setOut(new PrintStream(new Tee(originalOut, stdout), true, StandardCharsets.UTF_8));
    dataDir = Files.createTempDirectory("sqm-metrics-it");
    runtime = LocalRuntime.start(new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new SqmCli(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Map.of(),
                dataDir)
            .run(List.of("token", "alice", "--data-dir", dataDir.toString()));
    assertThat(code).isZero();
    token = out.toString(StandardCharsets.UTF_8).strip();
  }

  @AfterAll
  void stop() throws IOException {
    System.setOut(originalOut);
    if (runtime != null) {
      runtime.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void shouldWriteEmfLinesForEveryAnsweredQuestion_whenQuestionsAreAskedThroughTheLocalApi()
      throws Exception {
    Map<String, String> asked = new LinkedHashMap<>();
    for (String question : ANSWERABLE) {
      asked.put(submit(question), question);
    }
    String failedId = submit(UNANSWERABLE);
    for (String id : asked.keySet()) {
      assertThat(awaitFinished(id).path("status").asText()).isEqualTo("COMPLETED");
    }
    assertThat(awaitFinished(failedId).path("status").asText()).isEqualTo("FAILED");

    // The lines are written as each delivery ends, just after its outcome is stored.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              for (String id : asked.keySet()) {
                assertThat(statusLine(id)).isNotNull();
              }
              assertThat(statusLine(failedId)).isNotNull();
            });

    for (String id : asked.keySet()) {
      JsonNode status = statusLine(id);
      assertThat(status.path(MetricNames.STATUS).asText()).isEqualTo("COMPLETED");
      assertThat(status.path(MetricNames.ERROR_CODE).asText()).isEqualTo(MetricNames.NO_ERROR);
      List<JsonNode> lines = emfLinesOf(id);
      assertThat(lines)
          .as("stage latencies of " + id)
          .filteredOn(o -> o.has(MetricNames.STAGE_LATENCY))
          .extracting(o -> o.path(MetricNames.STAGE).asText())
          .contains("ANALYZING_INTENT", "GENERATING_SQL", "EXECUTING_SQL");
      assertThat(lines).anyMatch(o -> o.has(MetricNames.QUEUE_AGE));
      assertThat(lines).anyMatch(o -> o.has(MetricNames.MODEL_COST));
    }
    JsonNode failed = statusLine(failedId);
    assertThat(failed.path(MetricNames.STATUS).asText()).isEqualTo("FAILED");
    assertThat(failed.path(MetricNames.ERROR_CODE).asText()).isEqualTo("QUESTION_NOT_ANSWERABLE");

    List<String> raw = emfRawLines();
    for (String line : raw) {
      JsonNode o = Json.mapper().readTree(line);
      JsonNode directive = o.path("_aws").path("CloudWatchMetrics").path(0);
      assertThat(directive.path("Namespace").asText()).isEqualTo(MetricNames.DEFAULT_NAMESPACE);
      directive
          .path("Dimensions")
          .forEach(set -> set.forEach(d -> assertThat(DIMENSIONS).contains(d.asText())));
      directive
          .path("Metrics")
          .forEach(m -> assertThat(MetricNames.PUBLISHED).containsKey(m.path("Name").asText()));
      assertThat(line).doesNotContain(token, "alice");
      for (String question : asked.values()) {
        assertThat(line).as("a question in a metrics line").doesNotContain(question);
      }
      assertThat(line).doesNotContain(UNANSWERABLE);
    }
  }

  private String submit(String question) throws Exception {
    String body = Json.mapper().writeValueAsString(Map.of("question", question));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(runtime.baseUri().resolve("/queries"))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return Json.mapper().readTree(response.body()).path("id").asText();
  }

  private JsonNode awaitFinished(String id) {
    return await()
        .atMost(ANSWER_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                Json.mapper()
                    .readTree(
                        http.send(
                                HttpRequest.newBuilder(runtime.baseUri().resolve("/queries/" + id))
                                    .header("Authorization", "Bearer " + token)
                                    .GET()
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body()),
            query -> List.of("COMPLETED", "FAILED").contains(query.path("status").asText()));
  }

  private JsonNode statusLine(String queryId) {
    return emfLinesOf(queryId).stream()
        .filter(o -> o.has(MetricNames.QUERIES))
        .findFirst()
        .orElse(null);
  }

  private List<JsonNode> emfLinesOf(String queryId) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : emfRawLines()) {
      try {
        JsonNode o = Json.mapper().readTree(line);
        if (queryId.equals(o.path("queryId").asText())) {
          lines.add(o);
        }
      } catch (JsonProcessingException e) {
        throw new AssertionError("an EMF line that is not JSON: " + line, e);
      }
    }
    return lines;
  }

  /** Lines of stdout that are EMF objects: JSON with the {@code _aws} metadata key. */
  private List<String> emfRawLines() {
    return stdout.lines().stream()
        .filter(line -> line.startsWith("{") && line.contains("\"_aws\""))
        .toList();
  }

  /** What the process wrote to stdout, kept for the test. */
  private static final class StdoutCopy extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    synchronized List<String> lines() {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
