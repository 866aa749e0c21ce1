package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.config.IdentitySettings;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.gateway.OpenApiDocument;
import com.sqm.local.gateway.Route;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI document against the real API: every route the local gateway serves is documented and
 * nothing else is, and real answers of every route (successes and errors) fit the schema the
 * document gives for their status, as the requests sent fit theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> problems = new ArrayList<>();
  private final Set<String> answered = new TreeSet<>();
  private OpenApiContract contract;
  private Path dataDir;
  private LocalRuntime runtime;
  private String alice;
  private String admin;

  @BeforeAll
  void start() throws IOException {
    contract = new OpenApiContract();
    dataDir = Files.createTempDirectory("sqm-openapi-it");
    runtime = LocalRuntime.start(new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of()));
    DevTokenIssuer issuer =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC());
    alice = issuer.issue("alice", Duration.ofHours(1));
    admin =
        issuer.issue("root", List.of(IdentitySettings.DEFAULTS.adminGroup()), Duration.ofHours(1));
  }

  @AfterAll
  void stop() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void shouldDocumentEveryRoute_whenComparedWithTheRouteTable() {
    Set<String> served =
        runtime.routes().routes().stream().map(Route::routeKey).collect(Collectors.toSet());

    assertThat(contract.routeKeys()).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void shouldServeTheDocumentWithoutToken_whenOpenApiJsonRequested() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(runtime.baseUri().resolve("/openapi.json")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(OpenApiDocument.load()));
    assertThat(contract.document().path("openapi").asText()).isEqualTo("3.1.0");
  }

  @Test
  void shouldFitTheDocument_whenEveryRouteAnswers() throws Exception {
    call("GET /health", "/health", null, null, 200, 503);
    call("GET /", "/", null, null, 200);
    call("GET /playground/{file}", "/playground/app.js", null, null, 200);
    call("GET /playground/{file}", "/playground/app.css", null, null, 200);
    call("GET /playground/{file}", "/playground/config.json", null, null, 200);
    call("GET /playground/{file}", "/playground/vendor.json", null, null, 200);
    call("GET /playground/{file}", "/playground/nothing.js", null, null, 404);
    call("GET /queries/{id}", "/queries/" + UUID.randomUUID(), null, null, 401);
    call("POST /queries", "/queries", Map.of(), alice, 400);
    call("POST /queries", "/queries", "{\"question\":", alice, 400);
    call(
        "POST /queries",
        "/queries",
        Map.of("question", "How many customers are there?", "dataSourceId", "nowhere"),
        alice,
        403);
    Map<String, Object> question = new LinkedHashMap<>();
    question.put("question", "How many customers are there?");
    question.put("idempotencyKey", "openapi-it-1");
    question.put("options", Map.of("maxRows", 100, "useCache", false));
    String id = json(call("POST /queries", "/queries", question, alice, 202)).path("id").asText();
    call("POST /queries", "/queries", question, alice, 200);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> json(send("GET", "/queries/" + id, null, alice)).path("status").asText(),
            status -> status.equals("COMPLETED") || status.equals("FAILED"));
    call("GET /queries/{id}", "/queries/" + id, null, alice, 200);
    call("GET /queries/{id}", "/queries/" + UUID.randomUUID(), null, alice, 404);
    call(
        "POST /queries/{id}/feedback",
        "/queries/" + id + "/feedback",
        Map.of("rating", "up", "comment", "right"),
        alice,
        201);
    call(
        "POST /queries/{id}/feedback",
        "/queries/" + id + "/feedback",
        Map.of("rating", "sideways"),
        alice,
        400);
    call("GET /users/{userId}/queries", "/users/alice/queries?limit=5", null, alice, 200);
    call("GET /users/{userId}/queries", "/users/alice/queries?limit=0", null, alice, 400);
    call("GET /datasources", "/datasources", null, alice, 200);
    call("GET /datasources", "/datasources", null, admin, 200);

    Map<String, Object> vault = new LinkedHashMap<>();
    vault.put("id", "vault");
    vault.put("name", "Vault");
    vault.put("description", "The demo shop once more");
    vault.put("connectionRef", "secret:demo-reader");
    vault.put("allowedSchemas", List.of("public"));
    call("POST /datasources", "/datasources", vault, alice, 403);
    call("POST /datasources", "/datasources", vault, admin, 201);
    call("POST /datasources", "/datasources", Map.of("id", "x"), admin, 400);
    call("GET /datasources/{id}", "/datasources/vault", null, admin, 200);
    call("GET /datasources/{id}", "/datasources/missing", null, admin, 404);
    vault.put("description", "Renamed");
    call("PUT /datasources/{id}", "/datasources/vault", vault, admin, 200);
    Map<String, Object> template =
        Map.of(
            "name", "order count",
            "exampleQuestion", "How many orders are there?",
            "sql", "SELECT count(*) AS orders FROM orders");
    String templateId =
        json(call(
                "POST /datasources/{id}/templates",
                "/datasources/vault/templates",
                template,
                admin,
                201))
            .path("id")
            .asText();
    call("GET /datasources/{id}/templates", "/datasources/vault/templates", null, admin, 200);
    call(
        "DELETE /datasources/{id}/templates/{templateId}",
        "/datasources/vault/templates/" + templateId,
        null,
        admin,
        204);
    call(
        "PUT /datasources/{id}/grants/{principal}",
        "/datasources/vault/grants/user:alice",
        null,
        admin,
        200);
    call(
        "DELETE /datasources/{id}/grants/{principal}",
        "/datasources/vault/grants/user:alice",
        null,
        admin,
        204);
    call("DELETE /datasources/{id}", "/datasources/vault", null, admin, 204);
    call("GET /audit", "/audit?limit=5", null, admin, 200);
    call("GET /audit", "/audit", null, alice, 403);

    assertThat(problems).isEmpty();
    assertThat(answered).containsExactlyInAnyOrderElementsOf(contract.routeKeys());
  }

  /**
   * Sends {@code body} (a map, or a raw string sent as it is) to {@code path}, expects one of
   * {@code statuses}, and records where the request or the answer departs from the document.
   */
  private HttpResponse<String> call(
      String routeKey, String path, Object body, String token, int... statuses) throws Exception {
    String raw =
        body == null || body instanceof String ? (String) body : JSON.writeValueAsString(body);
    if (body != null && !(body instanceof String) && statusesAreSuccess(statuses)) {
      problems.addAll(contract.requestProblems(routeKey, raw));
    }
    HttpResponse<String> response = send(routeKey.split(" ")[0], path, raw, token);
    assertThat(response.statusCode())
        .as(routeKey + " " + response.body())
        .isIn(Arrays.stream(statuses).boxed().toList());
    problems.addAll(
        contract.responseProblems(
            routeKey,
            response.statusCode(),
            response.headers().firstValue("content-type").orElse(null),
            response.body()));
    answered.add(routeKey);
    return response;
  }

  private static boolean statusesAreSuccess(int... statuses) {
    return Arrays.stream(statuses).allMatch(status -> status < 300);
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
