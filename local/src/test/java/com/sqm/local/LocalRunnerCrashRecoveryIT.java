package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeInfo;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.local.runtime.LocalStartupException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: {@code ./sqm dev} (a child JVM) is SIGKILLed with queries PENDING and
 * PROCESSING, and started again on the same data directory. It must stop what the dead process left
 * running, take its queries over, finish every one, and leave nothing running after a clean stop.
 */
class LocalRunnerCrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "crash-tester";
  private static final List<String> QUESTIONS =
      List.of(
          "How many customers are there?",
          "average order value by country",
          "top 5 products by revenue",
          "orders per month last year",
          "How many customers are there in each country?");
  private static final int SUBMITTED = 10;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path dataDir;
  private String token;
  private final List<DevProcess> started = new ArrayList<>();

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("sqm-crash-it").resolve("data");
    Files.createDirectories(dataDir);
    token =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC())
            .issue(USER, Duration.ofHours(1));
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (DevProcess dev : started) {
      dev.process().destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dataDir.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void shouldFinishEveryAcceptedQueryAndLeaveNothingRunning_whenDevIsKilledMidBatchAndRestarted()
      throws Exception {
    DevProcess first = start();
    long firstPostgres = DevProcess.postgresPid(dataDir);
    long firstRedis = DevProcess.redisPid(dataDir);
    List<String> ids = new ArrayList<>();
    // A transaction holding the customers table keeps the questions that read it in PROCESSING,
    // so the kill lands mid-batch for certain.
    try (Connection blocker = demoConnection();
        Statement lock = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      lock.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
      for (int i = 0; i < SUBMITTED; i++) {
        ids.add(submit(first.info(), QUESTIONS.get(i % QUESTIONS.size())));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> statuses(first.info(), ids).contains("PROCESSING"));

      first.kill();
      blocker.rollback();
    }

    // What the issue measured: the killed runner's Postgres and redis-server are still running.
    assertThat(DevProcess.alive(firstPostgres)).isTrue();
    assertThat(DevProcess.alive(firstRedis)).isTrue();

    DevProcess second = start();

    assertThat(DevProcess.alive(firstPostgres)).as("the old Postgres is stopped").isFalse();
    assertThat(DevProcess.alive(firstRedis)).as("the old redis-server is stopped").isFalse();
    for (String id : ids) {
      JsonNode query = awaitFinished(second.info(), id);
      if (query.path("status").asText().equals("FAILED")) {
        assertThat(query.path("error").path("code").asText()).as(query.toString()).isNotBlank();
      } else {
        assertThat(query.path("result").path("rows").isArray()).as(query.toString()).isTrue();
      }
    }
    assertThat(historyIds(second.info())).as("one query per submission").hasSameElementsAs(ids);

    long secondPostgres = DevProcess.postgresPid(dataDir);
    long secondRedis = DevProcess.redisPid(dataDir);
    assertThat(second.stop()).isEqualTo(DevProcess.STOPPED_BY_SIGTERM);

    assertThat(DevProcess.alive(secondPostgres)).as("Postgres after a clean stop").isFalse();
    assertThat(DevProcess.alive(secondRedis)).as("redis-server after a clean stop").isFalse();
    assertThat(LocalRuntimeInfo.read(dataDir)).isEmpty();
  }

  @Test
  void shouldRefuseWithClearErrorAndTouchNothing_whenSecondDevStartsOnSameDataDir()
      throws Exception {
    DevProcess running = start();
    long postgres = DevProcess.postgresPid(dataDir);

    assertThatThrownBy(
            () ->
                LocalRuntime.start(
                    new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of("SQM_ENGINE", "offline"))))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("another ./sqm dev is running on")
        .hasMessageContaining("pid " + running.process().pid());

    assertThat(DevProcess.alive(postgres)).isTrue();
    assertThat(LocalRuntimeInfo.read(dataDir)).contains(running.info());
    assertThat(get(running.info(), "/health").statusCode()).isEqualTo(200);
    assertThat(running.stop()).isEqualTo(DevProcess.STOPPED_BY_SIGTERM);
    assertThat(DevProcess.alive(postgres)).isFalse();
  }

  private DevProcess start() {
    DevProcess dev = DevProcess.start(dataDir, Map.of(), "--worker-concurrency", "2");
    started.add(dev);
    return dev;
  }

  private Connection demoConnection() throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + DevProcess.postgresPort(dataDir) + "/demo_shop",
        "postgres",
        Files.readString(dataDir.resolve("postgres.password")).strip());
  }

  private String submit(LocalRuntimeInfo dev, String question) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(dev.baseUrl() + "/queries"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("question", question))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return JSON.readTree(response.body()).path("id").asText();
  }

  private HttpResponse<String> get(LocalRuntimeInfo dev, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(dev.baseUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Set<String> statuses(LocalRuntimeInfo dev, List<String> ids) throws Exception {
    Set<String> statuses = new HashSet<>();
    for (String id : ids) {
      statuses.add(JSON.readTree(get(dev, "/queries/" + id).body()).path("status").asText());
    }
    return statuses;
  }

  private JsonNode awaitFinished(LocalRuntimeInfo dev, String id) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> JSON.readTree(get(dev, "/queries/" + id).body()),
            query -> List.of("COMPLETED", "FAILED").contains(query.path("status").asText()));
  }

  private List<String> historyIds(LocalRuntimeInfo dev) throws Exception {
    JsonNode page = JSON.readTree(get(dev, "/users/" + USER + "/queries?limit=50").body());
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }
}
