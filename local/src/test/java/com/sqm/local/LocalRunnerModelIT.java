package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.ai.openai.OpenAiStub;
import com.sqm.config.Json;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ./sqm dev} with {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY} set answers through the
 * model (a local server speaking the OpenAI wire format), also about a database the user registered
 * with {@code ./sqm datasource add}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalRunnerModelIT {
  private static final String USER_DATABASE = "local_runner_model_it_cities";
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OpenAiStub model;
  private Path dataDir;
  private LocalRuntime runtime;
  private String token;

  @BeforeAll
  void startRuntime() throws IOException {
    model = OpenAiStub.start();
    dataDir = Files.createTempDirectory("sqm-local-model-it");
    runtime =
        LocalRuntime.start(
            new LocalRuntimeOptions(
                dataDir,
                0,
                0,
                0,
                0,
                Map.of("OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", model.baseUrl())));
    token = cli("token", "alice", "--data-dir", dataDir.toString()).strip();
  }

  @AfterAll
  void stopRuntime() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
    model.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void shouldAnswerThroughTheModel_whenOpenAiSettingsAreGiven() throws Exception {
    model.enqueue(
        OpenAiStub.draft("SELECT count(*) AS customers FROM customers"),
        OpenAiStub.interpretation("Customers were counted."));

    JsonNode query = askAndWait("{\"question\": \"How many customers are there?\"}");

    assertThat(runtime.engine()).isEqualTo("openai:gpt-4o-mini");
    assertThat(query.path("status").asText()).as(query.toString()).isEqualTo("COMPLETED");
    assertThat(query.path("engine").asText()).isEqualTo("openai:gpt-4o-mini");
    assertThat(query.path("usage").path("total").path("promptTokens").asLong()).isEqualTo(200);
  }

  @Test
  void shouldAnswerFromTheUsersDatabase_whenItWasRegisteredWithDatasourceAdd() throws Exception {
    String url = userDatabase();
    cli(
        "datasource",
        "add",
        "--id",
        "cities",
        "--jdbc-url",
        url,
        "--description",
        "Cities and their population",
        "--grant",
        "user:alice",
        "--data-dir",
        dataDir.toString());
    model.enqueue(
        OpenAiStub.draft("SELECT name FROM city ORDER BY population DESC LIMIT 1"),
        OpenAiStub.interpretation("Lyon is the largest."));

    JsonNode query =
        askAndWait("{\"question\": \"Which city is the largest?\", \"dataSourceId\": \"cities\"}");

    assertThat(query.path("status").asText()).as(query.toString()).isEqualTo("COMPLETED");
    assertThat(query.path("result").path("rows").get(0).get(0).asText()).isEqualTo("Lyon");
    String prompt = model.requests().get(model.requests().size() - 2).body().toString();
    assertThat(prompt).contains("city").doesNotContain("customers");
  }

  private JsonNode askAndWait(String body) throws Exception {
    HttpResponse<String> accepted =
        http.send(
            HttpRequest.newBuilder(runtime.baseUri().resolve("/queries"))
                .header("Authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    String id = Json.mapper().readTree(accepted.body()).path("id").asText();
    return await()
        .atMost(ANSWER_TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                Json.mapper()
                    .readTree(
                        http.send(
                                HttpRequest.newBuilder(runtime.baseUri().resolve("/queries/" + id))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .body()),
            q -> List.of("COMPLETED", "FAILED").contains(q.path("status").asText()));
  }

  private String cli(String... args) {
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
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String userDatabase() throws SQLException {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    if (postgres.createDatabaseIfMissing(USER_DATABASE)) {
      try (Connection c = postgres.superuserDataSource(USER_DATABASE).getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE city (id integer PRIMARY KEY, name text NOT NULL, population integer);
            INSERT INTO city VALUES (1, 'Lyon', 522000), (2, 'Porto', 232000);
            """);
      }
    }
    return postgres.jdbcUrl(USER_DATABASE);
  }
}
