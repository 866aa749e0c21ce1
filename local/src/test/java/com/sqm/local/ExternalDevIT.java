package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.EmbeddedRedisServer;
import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.local.runtime.LocalStartupException;
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
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./sqm dev --external --env-file FILE} against services started here as docker compose
 * would start them: a Postgres, a Redis that asks for a password and an SQS with the queues already
 * created. The runtime must start none of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalDevIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIS_PASSWORD = "compose-redis-" + UUID.randomUUID();

  @TempDir Path temp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EmbeddedRedisServer redis;
  private Path dataDir;
  private Path envFile;

  @BeforeAll
  void startComposeLikeServices() throws IOException {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    String database = "ext_" + UUID.randomUUID().toString().replace("-", "");
    postgres.createDatabaseIfMissing(database);
    redis = EmbeddedRedisServer.start(null, 0, REDIS_PASSWORD);
    URI sqsEndpoint = SharedTestServices.sqs().endpoint();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String queueUrl;
    String intakeUrl;
    try (SqsClient sqs =
        SqsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(sqsEndpoint)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      queueUrl = sqs.createQueue(r -> r.queueName("ext-queries-" + suffix)).queueUrl();
      intakeUrl = sqs.createQueue(r -> r.queueName("ext-intake-" + suffix)).queueUrl();
    }
    dataDir = Files.createTempDirectory("sqm-external-it");
    envFile = Files.createTempFile("sqm-external", ".env");
    Files.writeString(
        envFile,
        String.join(
            "\n",
            "# as in .env.example, pointing at this test's services",
            "SQM_DB_URL=" + postgres.jdbcUrl(database).replaceAll("\\?.*", ""),
            "SQM_DB_USER=postgres",
            "SQM_DB_PASSWORD=unused-with-trust",
            "",
            "SQM_REDIS_URL=" + redis.url(),
            "SQM_REDIS_PASSWORD=\"" + REDIS_PASSWORD + "\"",
            "SQM_SQS_ENDPOINT=" + sqsEndpoint,
            "SQM_QUEUE_URL=" + queueUrl,
            "SQM_INTAKE_QUEUE_URL=" + intakeUrl,
            "SQM_ENGINE=offline",
            ""));
  }

  @AfterAll
  void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  private LocalRuntimeOptions options(Path file) throws UsageException {
    return new DevCommand(System.out, dataDir, Map.of())
        .options(
            List.of(
                "--external",
                "--env-file",
                file.toString(),
                "--port",
                "0",
                "--data-dir",
                dataDir.toString()));
  }

  @Test
  void shouldAnswerAQuestion_whenExternalServicesComeFromAnEnvFile() throws Exception {
    try (LocalRuntime runtime = LocalRuntime.start(options(envFile))) {
      String token = token("alice");

      HttpResponse<String> submitted =
          http.send(
              HttpRequest.newBuilder(runtime.baseUri().resolve("/queries"))
                  .header("Authorization", "Bearer " + token)
                  .header("content-type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"question\":\"How many customers are there?\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      String id = JSON.readTree(submitted.body()).path("id").asText();
      JsonNode query =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .ignoreExceptions()
              .until(
                  () ->
                      JSON.readTree(
                          http.send(
                                  HttpRequest.newBuilder(
                                          runtime.baseUri().resolve("/queries/" + id))
                                      .header("Authorization", "Bearer " + token)
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body()),
                  q -> List.of("COMPLETED", "FAILED").contains(q.path("status").asText()));

      assertThat(query.path("status").asText()).as(query.toString()).isEqualTo("COMPLETED");
      assertThat(query.path("result").path("rows").size()).isPositive();
      assertThat(runtime.external()).isTrue();
      assertThat(runtime.demoJdbcUrl()).contains("/demo_shop?", "user=sqm_demo_reader");
      assertThat(Files.list(dataDir).map(p -> p.getFileName().toString()))
          .doesNotContain("postgres", "redis");
    }
  }

  @Test
  void shouldNameTheVariable_whenARequiredOneIsMissing() throws Exception {
    Path file = temp.resolve("no-redis.env");
    List<String> lines = new ArrayList<>(Files.readAllLines(envFile));
    lines.removeIf(line -> line.startsWith("SQM_REDIS_URL="));
    Files.write(file, lines);

    assertThatThrownBy(() -> options(file))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("SQM_REDIS_URL");
  }

  @Test
  void shouldNameTheVariable_whenThePostgresIsUnreachable() throws Exception {
    Path file = temp.resolve("no-postgres.env");
    List<String> lines = new ArrayList<>(Files.readAllLines(envFile));
    lines.replaceAll(
        line ->
            line.startsWith("SQM_DB_URL=")
                ? "SQM_DB_URL=jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/sqm"
                : line);
    Files.write(file, lines);
    LocalRuntimeOptions options = options(file);

    assertThatThrownBy(() -> LocalRuntime.start(options))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("SQM_DB_URL");
  }

  @Test
  void shouldNameTheVariable_whenRedisRefusesThePassword() throws Exception {
    Path file = temp.resolve("wrong-redis-password.env");
    List<String> lines = new ArrayList<>(Files.readAllLines(envFile));
    lines.replaceAll(
        line -> line.startsWith("SQM_REDIS_PASSWORD=") ? "SQM_REDIS_PASSWORD=wrong" : line);
    Files.write(file, lines);
    LocalRuntimeOptions options = options(file);

    assertThatThrownBy(() -> LocalRuntime.start(options))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("SQM_REDIS_PASSWORD");
  }

  @Test
  void shouldNameTheVariable_whenTheQueueDoesNotExist() throws Exception {
    Path file = temp.resolve("no-queue.env");
    List<String> lines = new ArrayList<>(Files.readAllLines(envFile));
    lines.replaceAll(
        line ->
            line.startsWith("SQM_QUEUE_URL=")
                ? line.replaceAll("ext-queries-", "missing-queries-")
                : line);
    Files.write(file, lines);
    LocalRuntimeOptions options = options(file);

    assertThatThrownBy(() -> LocalRuntime.start(options))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("SQM_QUEUE_URL");
  }

  @Test
  void shouldRunWithoutTheDemo_whenTheDatabaseUserMayNotCreateIt() throws Exception {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    String suffix = UUID.randomUUID().toString().replace("-", "");
    String role = "ext_app_" + suffix;
    String database = "ext_owned_" + suffix;
    try (Connection c = postgres.superuserDataSource("postgres").getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + role + " LOGIN NOCREATEDB NOCREATEROLE");
      s.execute("CREATE DATABASE " + database + " OWNER " + role);
    }
    Path file = temp.resolve("plain-user.env");
    List<String> lines = new ArrayList<>(Files.readAllLines(envFile));
    lines.replaceAll(
        line ->
            line.startsWith("SQM_DB_URL=")
                ? line.replaceAll("/[^/]+$", "/" + database)
                : line.startsWith("SQM_DB_USER=") ? "SQM_DB_USER=" + role : line);
    Files.write(file, lines);

    try (LocalRuntime runtime = LocalRuntime.start(options(file))) {
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(runtime.baseUri().resolve("/health")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(runtime.demoJdbcUrl()).isNull();
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }
  }

  private String token(String user) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new SqmCli(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Map.of(),
                dataDir)
            .run(List.of("token", user, "--data-dir", dataDir.toString()));
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8).strip();
  }
}
