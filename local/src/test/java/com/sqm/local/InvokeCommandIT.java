package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.local.runtime.DataDirectory;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ./sqm invoke} against a running local runtime: the template's functions run in a fresh JVM
 * on their module's Lambda jar (built by {@code ./mvnw package}) with the events/ samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private Path dataDir;
  private LocalRuntime runtime;

  @BeforeAll
  void start() throws IOException {
    dataDir = Files.createTempDirectory("sqm-invoke-it");
    runtime = LocalRuntime.start(new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of()));
  }

  @AfterAll
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void shouldAcceptAndAnswerTheQuery_whenTheSubmitFunctionIsInvokedWithTheApiGatewaySample()
      throws Exception {
    // Act
    Result result = invoke("SubmitQueryFunction", "submit-query.json");

    // Assert
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode response = JSON.readTree(result.out());
    assertThat(response.path("statusCode").asInt()).as(result.out()).isEqualTo(202);
    String id = JSON.readTree(response.path("body").asText()).path("id").asText();
    assertThat(id).isNotBlank();
    JsonNode event = awaitCompletionEvent(id);
    assertThat(event.path("detail-type").asText()).isIn("QueryCompleted", "QueryFailed");
    assertThat(event.path("detail").path("userId").asText())
        .isEqualTo("7c1e5f2a-9b3d-4e6f-8a21-0d4c6b9e3f15");
  }

  @Test
  void shouldAnswerTheQuery_whenTheEventBridgeSampleIsInvokedWithItsSourceAllowedByEnvVars()
      throws Exception {
    // Arrange
    Path envVars = dataDir.resolve("env.json");
    Files.writeString(
        envVars, "{\"QueryRequestedFunction\": {\"SQM_INTAKE_EVENT_SOURCES\": \"sqm.intake\"}}");

    // Act
    Result result =
        invoke(
            "QueryRequestedFunction",
            "eventbridge-query-requested.json",
            "--env-vars",
            envVars.toString());

    // Assert
    assertThat(result.code()).as(result.err()).isZero();
    String id = JSON.readTree(result.out()).path("queryId").asText();
    assertThat(id).as(result.out()).isNotBlank();
    JsonNode event = awaitCompletionEvent(id);
    assertThat(event.path("detail-type").asText()).isIn("QueryCompleted", "QueryFailed");
  }

  @Test
  void shouldRejectTheEvent_whenItsSourceIsNotAllowed() throws Exception {
    // Act: no SQM_INTAKE_EVENT_SOURCES, so the handler refuses the event.
    Result result = invoke("QueryRequestedFunction", "eventbridge-query-requested.json");

    // Assert
    assertThat(result.code()).as(result.err()).isZero();
    JsonNode response = JSON.readTree(result.out());
    assertThat(response.has("queryId")).as(result.out()).isFalse();
    assertThat(response.path("code").asText()).as(result.out()).isNotBlank();
  }

  @Test
  void shouldExitWithUsage_whenTheLogicalIdIsNotAFunctionOfTheTemplate() throws Exception {
    // Act
    Result result = invoke("NoSuchFunction", "submit-query.json");

    // Assert
    assertThat(result.code()).isEqualTo(SqmCli.USAGE);
    assertThat(result.err()).contains("no function 'NoSuchFunction'", "SubmitQueryFunction");
  }

  @Test
  void shouldFail_whenNoDevRunsOnTheDataDirectory() throws Exception {
    // Arrange
    Path idle = Files.createTempDirectory("sqm-invoke-idle");

    // Act
    Result result =
        run(
            "invoke",
            "SubmitQueryFunction",
            "-e",
            ROOT.resolve("events/submit-query.json").toString(),
            "--template",
            ROOT.resolve("template.yaml").toString(),
            "--data-dir",
            idle.toString());

    // Assert
    assertThat(result.code()).isEqualTo(SqmCli.FAILED);
    assertThat(result.err()).contains("no ./sqm dev is running");
  }

  @Test
  void shouldExitWithUsage_whenTheEventFileIsMissing() throws Exception {
    // Act
    Result result = invoke("SubmitQueryFunction", "no-such-event.json");

    // Assert
    assertThat(result.code()).isEqualTo(SqmCli.USAGE);
    assertThat(result.err()).contains("no-such-event.json does not exist");
  }

  private record Result(int code, String out, String err) {}

  private Result invoke(String logicalId, String event, String... options) {
    return run(
        Stream.concat(
                Stream.of(
                    "invoke",
                    logicalId,
                    "-e",
                    ROOT.resolve("events").resolve(event).toString(),
                    "--template",
                    ROOT.resolve("template.yaml").toString(),
                    "--data-dir",
                    dataDir.toString()),
                Stream.of(options))
            .toArray(String[]::new));
  }

  private Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new SqmCli(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                dataDir)
            .run(List.of(args));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private JsonNode awaitCompletionEvent(String queryId) {
    return await()
        .atMost(ANSWER_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                completionEvents().stream()
                    .filter(e -> e.path("detail").path("id").asText().equals(queryId))
                    .findFirst()
                    .orElse(null),
            java.util.Objects::nonNull);
  }

  private List<JsonNode> completionEvents() throws IOException {
    Path file = DataDirectory.prepare(dataDir).events();
    List<JsonNode> events = new ArrayList<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }
}
