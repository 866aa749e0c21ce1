package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeInfo;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.local.runtime.LocalWorkerSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Fault injection: poison and malformed messages on the local runner's work queue (visibility
 * timeout 1 s) are reported as failures, never deleted, parked in the DLQ after 5 receives, and
 * shown and replayed by {@code ./sqm dlq list|redrive}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterQueueIT {
  private static final Duration REDRIVE_TIMEOUT = Duration.ofSeconds(60);
  private static final String NOT_JSON = "this is not a query message";
  private static final String NOT_A_UUID = "{\"queryId\":\"42\"}";

  private Path dataDir;
  private LocalRuntime runtime;
  private SqsClient sqs;
  private LocalRuntimeInfo info;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("sqm-dlq-it");
    runtime =
        LocalRuntime.start(
            new LocalRuntimeOptions(
                dataDir,
                0,
                0,
                0,
                0,
                Map.of("SQM_ENGINE", "offline", LocalWorkerSettings.VISIBILITY_TIMEOUT, "1")));
    info = LocalRuntimeInfo.read(dataDir).orElseThrow();
    sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(info.sqsEndpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
  }

  @AfterAll
  void stop() throws Exception {
    if (sqs != null) {
      sqs.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  @Order(1)
  void shouldParkInDlqAndListWithoutConsuming_whenBodyIsUnreadableOrQueryIdIsNotUuid() {
    String notJson = send(NOT_JSON);
    String notUuid = send(NOT_A_UUID);

    String listed = awaitListing(out -> out.startsWith("2 message(s)"));
    String listedAgain = dlq("list");

    assertThat(listed).contains(notJson, notUuid, "query (unreadable body)", "receives 5");
    assertThat(listedAgain).as("listing consumes nothing").startsWith("2 message(s)");
    assertThat(listedAgain).contains(notJson, notUuid);
  }

  @Test
  @Order(2)
  void shouldPutMessagesBackOnWorkQueue_whenRedriven() {
    String redriven = dlq("redrive");
    String emptied = dlq("list");

    assertThat(redriven).startsWith("redrove 2 message(s) to " + info.queueUrl());
    assertThat(emptied).startsWith("0 message(s)");
    // Back on the work queue, still unreadable: the worker fails them again and they return.
    assertThat(awaitListing(out -> out.startsWith("2 message(s)"))).contains("receives 5");
  }

  @Test
  @Order(3)
  void shouldFailWithClearError_whenNoDevRunsOnDataDir() throws Exception {
    Path empty = Files.createTempDirectory("sqm-dlq-none");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        cli(
            new ByteArrayOutputStream(),
            err,
            List.of("dlq", "list", "--data-dir", empty.toString()));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no ./sqm dev is running on");
    Files.delete(empty);
  }

  @Test
  @Order(4)
  void shouldLeaveNoServerRunningAndNoRuntimeFile_whenClosed() {
    long postgres = DevProcess.postgresPid(dataDir);
    long redis = DevProcess.redisPid(dataDir);

    runtime.close();

    assertThat(DevProcess.alive(postgres)).as("Postgres after close").isFalse();
    assertThat(DevProcess.alive(redis)).as("redis-server after close").isFalse();
    assertThat(dataDir.resolve("runtime.json")).doesNotExist();
  }

  private String send(String body) {
    return sqs.sendMessage(r -> r.queueUrl(info.queueUrl()).messageBody(body)).messageId();
  }

  private String awaitListing(java.util.function.Predicate<String> condition) {
    return await()
        .atMost(REDRIVE_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> dlq("list"), condition);
  }

  private String dlq(String action) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cli(out, err, List.of("dlq", action, "--data-dir", dataDir.toString()));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int cli(ByteArrayOutputStream out, ByteArrayOutputStream err, List<String> args) {
    return new SqmCli(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            Path.of("unused"))
        .run(args);
  }
}
