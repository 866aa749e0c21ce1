package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.local.runtime.DataDirectory;
import com.sqm.local.runtime.LocalPostgres;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeInfo;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.testing.CapturedLog;
import com.sqm.testing.RecordingHttpServer;
import com.sqm.webhook.WebhookSignature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole local runtime in-process (embedded Postgres, ElasticMQ, Redis, gateway, poller) on free
 * ports and a temporary data directory, driven over real HTTP like a developer with curl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunnerIT {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path dataDir;
  private LocalRuntime runtime;
  private String aliceToken;
  private Map<String, String> passwordsAtFirstStart;
  private String bobToken;
  private String customersQueryId;
  private CapturedLog log;
  private final Set<String> askedQuestions = ConcurrentHashMap.newKeySet();

  @BeforeAll
  void startRuntime() throws IOException {
    log = CapturedLog.attach();
    dataDir = Files.createTempDirectory("sqm-local-it");
    runtime = LocalRuntime.start(options());
    passwordsAtFirstStart = LocalCredentials.read(dataDir);
    aliceToken = cliToken("alice");
    bobToken = cliToken("bob");
  }

  @AfterAll
  void stopRuntime() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
    log.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private LocalRuntimeOptions options() {
    // Webhooks may go to the test's receiver on 127.0.0.1 over plain http.
    return new LocalRuntimeOptions(
        dataDir,
        0,
        0,
        0,
        0,
        Map.of("SQM_WEBHOOK_ALLOW_HTTP", "true", "SQM_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1"));
  }

  /** A token as `./sqm token <user> [options] --data-dir <dir>` prints it. */
  private String cliToken(String user, String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new SqmCli(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Map.of(),
                dataDir)
            .run(
                Stream.concat(
                        Stream.of("token", user, "--data-dir", dataDir.toString()),
                        Stream.of(options))
                    .toList());
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.baseUri().resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> submit(String question, String token) throws Exception {
    askedQuestions.add(question);
    return post("/queries", Map.of("question", question), token);
  }

  /** The lines of the data directory's events.jsonl, parsed. */
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

  private HttpResponse<String> post(String path, Map<String, String> fields, String token)
      throws Exception {
    String body = JSON.writeValueAsString(fields);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String submitAccepted(String question) throws Exception {
    HttpResponse<String> response = submit(question, aliceToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = JSON.readTree(response.body()).path("id").asText();
    assertThat(id).isNotBlank();
    return id;
  }

  /** Polls GET /queries/{id} as alice until the query is COMPLETED or FAILED. */
  private JsonNode awaitFinished(String id) {
    return await()
        .atMost(ANSWER_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> JSON.readTree(get("/queries/" + id, aliceToken).body()),
            query -> List.of("COMPLETED", "FAILED").contains(query.path("status").asText()));
  }

  private static void assertAnswered(JsonNode query) {
    assertThat(query.path("status").asText()).as(query.toString()).isEqualTo("COMPLETED");
    assertThat(query.path("sql").asText()).isNotBlank();
    assertThat(query.path("result").path("rows").size()).isPositive();
    assertThat(query.path("summary").asText()).isNotBlank();
    assertThat(query.path("visualization").isObject()).isTrue();
  }

  @Test
  @Order(1)
  void shouldAnswerHealth_whenNoToken() throws Exception {
    HttpResponse<String> response = get("/health", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("database", "queue", "cache");
  }

  @Test
  @Order(2)
  void shouldRefuse401_whenNoToken() throws Exception {
    HttpResponse<String> submitted = submit("How many customers are there?", null);
    HttpResponse<String> listed = get("/users/alice/queries", null);

    assertThat(submitted.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(submitted.body()).path("error").path("code").asText())
        .isEqualTo("UNAUTHORIZED");
    assertThat(listed.statusCode()).isEqualTo(401);
  }

  @Test
  @Order(3)
  void shouldCompleteWithSqlRowsSummaryAndChart_whenAliceAsksCustomerCount() throws Exception {
    customersQueryId = submitAccepted("How many customers are there?");

    JsonNode query = awaitFinished(customersQueryId);

    assertAnswered(query);
    assertThat(query.path("sql").asText()).containsIgnoringCase("customers");
  }

  @Test
  @Order(4)
  void shouldAnswer404_whenBobReadsAlicesQuery() throws Exception {
    HttpResponse<String> response = get("/queries/" + customersQueryId, bobToken);

    assertThat(response.statusCode()).isEqualTo(404);
  }

  @Test
  @Order(4)
  void shouldLetOnlyTheAdminReadAlicesQuery_whenTokensCarryGroups() throws Exception {
    HttpResponse<String> admin = get("/queries/" + customersQueryId, cliToken("root", "--admin"));
    HttpResponse<String> grouped =
        get("/queries/" + customersQueryId, cliToken("carol", "--group", "analysts"));

    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    assertThat(JSON.readTree(admin.body()).path("id").asText()).isEqualTo(customersQueryId);
    assertThat(grouped.statusCode()).as(grouped.body()).isEqualTo(404);
  }

  @Test
  @Order(5)
  void shouldListAlicesQuery_whenAliceReadsHerHistory() throws Exception {
    HttpResponse<String> response = get("/users/alice/queries", aliceToken);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains(customersQueryId);
  }

  @Test
  @Order(5)
  void shouldAnswer403WithoutRows_whenANonAdminReadsTheAuditLog() throws Exception {
    HttpResponse<String> response = get("/audit?user=alice", aliceToken);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
    assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
        .isEqualTo("FORBIDDEN");
    assertThat(response.body()).doesNotContain(customersQueryId);
  }

  @Test
  @Order(5)
  void shouldRecordVerifiedCorrection_whenAliceSendsFeedback() throws Exception {
    String path = "/queries/" + customersQueryId + "/feedback";

    HttpResponse<String> bobs = post(path, Map.of("rating", "up"), bobToken);
    HttpResponse<String> refused =
        post(path, Map.of("rating", "down", "correctedSql", "SELECT * FROM pg_shadow"), aliceToken);
    HttpResponse<String> corrected =
        post(
            path,
            Map.of("rating", "down", "correctedSql", "SELECT count(*) AS n FROM customers"),
            aliceToken);

    assertThat(bobs.statusCode()).isEqualTo(404);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(JSON.readTree(refused.body()).path("error").path("code").asText())
        .isEqualTo("SQL_REJECTED");
    assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(201);
    assertThat(JSON.readTree(corrected.body()).path("exampleRecorded").asBoolean()).isTrue();
  }

  @Test
  @Order(6)
  void shouldAnswerAQuestionSentToTheIntakeQueue_whenAnotherServiceSendsOne() throws Exception {
    String question = "How many orders are there?";
    askedQuestions.add(question);
    LocalRuntimeInfo info = LocalRuntimeInfo.read(dataDir).orElseThrow();
    String body = JSON.writeValueAsString(Map.of("userId", "alice", "question", question));
    try (SqsClient sqs =
        SqsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(info.sqsEndpoint()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      sqs.sendMessage(r -> r.queueUrl(info.intakeQueueUrl()).messageBody(body));
    }

    String id =
        await()
            .atMost(ANSWER_TIMEOUT)
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(
                () -> {
                  for (JsonNode item :
                      JSON.readTree(get("/users/alice/queries", aliceToken).body()).path("items")) {
                    if (item.path("question").asText().equals(question)) {
                      return item.path("id").asText();
                    }
                  }
                  return null;
                },
                found -> found != null);
    JsonNode query = awaitFinished(id);

    assertAnswered(query);
    // No response carries the id: the intake's log line does.
    assertThat(log.lines()).anyMatch(line -> line.contains("stored query " + id));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "top 5 products by revenue",
        "orders per month last year",
        "average order value by country"
      })
  @Order(6)
  void shouldComplete_whenDemoQuestionAsked(String question) throws Exception {
    JsonNode query = awaitFinished(submitAccepted(question));

    assertAnswered(query);
  }

  @Test
  @Order(7)
  void shouldFailWithErrorCode_whenQuestionIsUnanswerable() throws Exception {
    JsonNode query = awaitFinished(submitAccepted("what's the weather in Paris?"));

    assertThat(query.path("status").asText()).as(query.toString()).isEqualTo("FAILED");
    assertThat(query.path("error").path("code").asText()).isEqualTo("QUESTION_NOT_ANSWERABLE");
    assertThat(query.path("error").path("message").asText()).isNotBlank();
  }

  @Test
  @Order(7)
  void shouldAppendCompletionEventAndSendSignedWebhook_whenQueriesFinish() throws Exception {
    try (RecordingHttpServer receiver = RecordingHttpServer.start()) {
      askedQuestions.add("How many products are there?");
      HttpResponse<String> accepted =
          post(
              "/queries",
              Map.of(
                  "question",
                  "How many products are there?",
                  "callbackUrl",
                  receiver.baseUrl() + "/hook"),
              aliceToken);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      String id = JSON.readTree(accepted.body()).path("id").asText();
      awaitFinished(id);

      JsonNode event =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () ->
                      completionEvents().stream()
                          .filter(e -> e.path("detail").path("id").asText().equals(id))
                          .findFirst()
                          .orElse(null),
                  java.util.Objects::nonNull);
      List<RecordingHttpServer.Received> webhooks =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(100))
              .until(receiver::requests, r -> !r.isEmpty());

      assertThat(event.path("source").asText()).isEqualTo("sqm");
      assertThat(event.path("detail-type").asText()).isEqualTo("QueryCompleted");
      assertThat(event.path("id").asText()).isNotBlank();
      assertThat(event.path("time").asText()).isNotBlank();
      assertThat(event.path("detail").path("userId").asText()).isEqualTo("alice");
      assertThat(event.path("detail").path("links").path("self").asText())
          .isEqualTo("/queries/" + id);
      assertThat(completionEvents())
          .anySatisfy(
              e -> assertThat(e.path("detail").path("id").asText()).isEqualTo(customersQueryId));
      RecordingHttpServer.Received webhook = webhooks.get(0);
      assertThat(webhook.path()).isEqualTo("/hook");
      assertThat(JSON.readTree(webhook.body())).isEqualTo(event);
      String secret = Files.readString(DataDirectory.prepare(dataDir).webhookSecret()).strip();
      assertThat(
              WebhookSignature.verify(
                  secret,
                  Long.parseLong(webhook.header(WebhookSignature.TIMESTAMP_HEADER)),
                  webhook.body(),
                  webhook.header(WebhookSignature.SIGNATURE_HEADER)))
          .isTrue();
    }
  }

  @Test
  @Order(8)
  void shouldKeepQueriesAndTokens_whenRestartedOnSameDataDir() throws Exception {
    runtime.close();
    runtime = LocalRuntime.start(options());

    HttpResponse<String> response = get("/queries/" + customersQueryId, aliceToken);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertAnswered(JSON.readTree(response.body()));
    assertThat(get("/users/alice/queries", cliToken("alice")).body()).contains(customersQueryId);
  }

  @Test
  @Order(9)
  void shouldAnswerQueryLeftPending_whenRestartedAfterItWasAccepted() throws Exception {
    runtime.close();
    UUID pendingId = UUID.randomUUID();
    // As if the previous process died between accepting the query and the worker taking it.
    try (EmbeddedPostgresServer postgres = LocalPostgres.start(DataDirectory.prepare(dataDir), 0);
        Connection c = postgres.superuserDataSource(LocalRuntime.APP_DATABASE).getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO user_query (id, user_id, question, data_source_id) VALUES (?, 'alice', ?, 'demo')")) {
      insert.setObject(1, pendingId);
      insert.setString(2, "How many customers are there?");
      insert.executeUpdate();
    }

    runtime = LocalRuntime.start(options());

    assertThat(runtime.requeuedAtStart()).isEqualTo(1);
    assertAnswered(awaitFinished(pendingId.toString()));
  }

  @Test
  @Order(10)
  void shouldKeepQuestionsTokensSecretsAndRowsOutOfEveryLogLine() throws Exception {
    JsonNode answer = awaitFinished(submitAccepted("Which 5 customers spent the most?"));
    assertAnswered(answer);
    List<String> rowValues = new ArrayList<>();
    answer
        .path("result")
        .path("rows")
        .forEach(row -> row.forEach(value -> rowValues.add(value.asText())));
    String readerPassword = Files.readString(dataDir.resolve("demo-reader.password")).strip();
    String postgresPassword = Files.readString(dataDir.resolve("postgres.password")).strip();
    String redisPassword = Files.readString(dataDir.resolve("redis.password")).strip();
    String webhookSecret = Files.readString(dataDir.resolve("webhook.secret")).strip();

    List<String> lines = log.lines();

    assertThat(lines).as("the run was logged").hasSizeGreaterThan(20);
    // What the log has instead of the question: its length and a hash that tells repeats apart.
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("Which 5 customers spent the most?".getBytes(StandardCharsets.UTF_8)),
                0,
                8);
    assertThat(lines).anyMatch(line -> line.contains("questionSha256=" + hash));
    assertThat(readerPassword).hasSizeGreaterThan(8);
    for (String line : lines) {
      assertThat(line)
          .doesNotContain(
              aliceToken, bobToken, readerPassword, postgresPassword, redisPassword, webhookSecret)
          .doesNotContainIgnoringCase("password=");
      for (String question : askedQuestions) {
        assertThat(line).as("a question in the log").doesNotContain(question);
      }
      for (String value : rowValues) {
        if (value.length() >= 6 && !value.matches("[\\d.:-]+")) {
          // names and e-mails of the answer's rows (numbers are too short or too common to tell)
          assertThat(line).as("a result value in the log").doesNotContain(value);
        }
      }
    }
  }

  @Test
  @Order(10)
  void shouldPointAtTheStoredCredentialInsteadOfPrintingIt_whenDevPrintsItsBanner()
      throws Exception {
    String readerPassword = Files.readString(dataDir.resolve("demo-reader.password")).strip();

    String banner = DevCommand.banner(runtime, "TOKEN=…");

    assertThat(banner)
        .contains("Playground: " + runtime.baseUri() + "/")
        .contains("run-sql --jdbc-url \"$(cat " + runtime.demoSecretFile() + ")\"")
        .doesNotContain(readerPassword, "&password=");
    assertThat(Files.readString(runtime.demoSecretFile())).contains(readerPassword);
  }

  @Test
  @Order(11)
  void shouldAskForTheStoredPasswords_whenRestartedOnSameDataDir() throws Exception {
    // Orders 8 and 9 restarted the runtime on the same data directory.
    Map<String, String> passwords = LocalCredentials.read(dataDir);

    assertThat(passwords).isEqualTo(passwordsAtFirstStart);
    LocalCredentials.assertOwnerOnly(dataDir);
    LocalCredentials.assertPostgresAsksForPassword(
        runtime.postgresPort(), passwords.get("postgres.password"));
    LocalCredentials.assertRedisAsksForPassword(
        runtime.redisPort(), passwords.get("redis.password"));
    // The functions log in to both with the stored passwords (a cache that cannot would only warn).
    JsonNode health = JSON.readTree(get("/health", null).body());
    assertThat(health.toString()).doesNotContain("DOWN", "DEGRADED");
    assertThat(health.findValuesAsText("status")).contains("UP").doesNotContain("DOWN");
  }
}
