package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.testing.CapturedLog;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Data sources as admin-managed, granted resources, through the local API gateway on the real local
 * services: an admin registers the demo shop's database under a stored secret and grants it to
 * alice; alice's question is answered, bob's is refused, and each sees only what they may use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataSourceAdminIT {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<String> responseBodies = new ConcurrentLinkedQueue<>();
  private Path dataDir;
  private LocalRuntime runtime;
  private CapturedLog log;
  private String admin;
  private String alice;
  private String bob;
  private String readerPassword;

  @BeforeAll
  void start() throws IOException {
    log = CapturedLog.attach();
    dataDir = Files.createTempDirectory("sqm-datasource-admin-it");
    runtime = LocalRuntime.start(new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of()));
    admin = cliToken("root", "--admin");
    alice = cliToken("alice");
    bob = cliToken("bob", "--group", "sales");
    String readerUrl = runtime.demoJdbcUrl();
    readerPassword = readerUrl.substring(readerUrl.indexOf("password=") + "password=".length());
    assertThat(putSecret("shop-reader", readerUrl)).isZero();
    // A superuser: every write privilege there is.
    assertThat(putSecret("shop-owner", SharedTestServices.postgres().jdbcUrl("postgres"))).isZero();
    assertThat(
            putSecret(
                "nowhere",
                "jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/shop?user=x&password=hunter2"))
        .isZero();
  }

  @AfterAll
  void stop() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
    log.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** A token as {@code ./sqm token <user> [flags] --data-dir <dir>} prints it. */
  private String cliToken(String user, String... flags) {
    List<String> args = new ArrayList<>(List.of("token", user));
    args.addAll(List.of(flags));
    args.addAll(List.of("--data-dir", dataDir.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new SqmCli(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Map.of(),
                dataDir)
            .run(args);
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  /** {@code ./sqm secret put NAME --data-dir DIR} with {@code value} on stdin. */
  private int putSecret(String name, String value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new SqmCli(
                new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err,
                Map.of(),
                dataDir)
            .run(List.of("secret", "put", name, "--data-dir", dataDir.toString()));
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(value);
    return code;
  }

  private HttpResponse<String> send(String method, String path, Object body, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    responseBodies.add(response.body());
    return response;
  }

  private static Map<String, Object> dataSource(String id, String connectionRef) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("name", "Shop " + id);
    body.put("description", "The demo shop, registered over HTTP");
    body.put("connectionRef", connectionRef);
    body.put("allowedSchemas", List.of("public"));
    return body;
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static void assertError(
      HttpResponse<String> response, int status, String code, String field) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo(code);
    if (field != null) {
      assertThat(error.path("field").asText()).isEqualTo(field);
    }
  }

  private static List<String> ids(HttpResponse<String> response) throws IOException {
    List<String> ids = new ArrayList<>();
    json(response).path("dataSources").forEach(ds -> ids.add(ds.path("id").asText()));
    return ids;
  }

  @Test
  @Order(1)
  void shouldCreate201WithTheReferenceOnly_whenAdminRegistersTheShopUnderASecret()
      throws Exception {
    HttpResponse<String> response =
        send("POST", "/datasources", dataSource("shop", "secret:shop-reader"), admin);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode created = json(response);
    assertThat(created.path("id").asText()).isEqualTo("shop");
    assertThat(created.path("connectionRef").asText()).isEqualTo("secret:shop-reader");
    assertThat(created.path("enabled").asBoolean()).isTrue();
    assertThat(created.path("warnings").size()).isZero();
    assertThat(response.body()).doesNotContain(readerPassword);
  }

  @Test
  @Order(2)
  void shouldAnswerAlice_andRefuseBob_whenTheShopIsGrantedToAlice() throws Exception {
    HttpResponse<String> granted = send("PUT", "/datasources/shop/grants/user:alice", null, admin);
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    assertThat(json(granted).path("principal").asText()).isEqualTo("user:alice");
    Map<String, Object> question =
        Map.of("question", "How many customers are there?", "dataSourceId", "shop");

    HttpResponse<String> asked = send("POST", "/queries", question, alice);
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    String id = json(asked).path("id").asText();
    JsonNode answer =
        await()
            .atMost(ANSWER_TIMEOUT)
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(
                () -> json(send("GET", "/queries/" + id, null, alice)),
                q -> List.of("COMPLETED", "FAILED").contains(q.path("status").asText()));
    assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("COMPLETED");
    assertThat(answer.path("dataSourceId").asText()).isEqualTo("shop");

    // Alice's answer is now cached; bob's identical question is refused before any cache is read.
    HttpResponse<String> refused = send("POST", "/queries", question, bob);

    assertError(refused, 403, "DATASOURCE_FORBIDDEN", "dataSourceId");
  }

  @Test
  @Order(3)
  void shouldListTheShopToAliceOnly_whenUsersListDataSources() throws Exception {
    HttpResponse<String> forAlice = send("GET", "/datasources", null, alice);
    HttpResponse<String> forBob = send("GET", "/datasources", null, bob);
    HttpResponse<String> forAdmin = send("GET", "/datasources", null, admin);

    assertThat(ids(forAlice)).containsExactlyInAnyOrder("demo", "shop");
    assertThat(ids(forBob)).containsExactly("demo");
    // A user sees what a data source is, not how it is reached nor who else may use it.
    assertThat(json(forAlice).path("dataSources").get(0).has("connectionRef")).isFalse();
    assertThat(json(forAlice).path("dataSources").get(0).has("grants")).isFalse();
    JsonNode shop = null;
    for (JsonNode ds : json(forAdmin).path("dataSources")) {
      if (ds.path("id").asText().equals("shop")) {
        shop = ds;
      }
    }
    assertThat(shop).isNotNull();
    assertThat(shop.path("grants").toString()).isEqualTo("[\"user:alice\"]");
    assertThat(shop.path("enabled").asBoolean()).isTrue();
  }

  @ParameterizedTest
  @Order(4)
  @CsvSource({
    "POST, /datasources",
    "GET, /datasources/shop",
    "PUT, /datasources/shop",
    "DELETE, /datasources/shop",
    "POST, /datasources/shop/templates",
    "GET, /datasources/shop/templates",
    "DELETE, /datasources/shop/templates/1",
    "PUT, /datasources/shop/grants/user:bob",
    "DELETE, /datasources/shop/grants/user:alice"
  })
  void shouldAnswer403Forbidden_whenANonAdminCallsAnAdminRoute(String method, String path)
      throws Exception {
    Object body =
        method.equals("POST") || method.equals("PUT")
            ? dataSource("shop", "secret:shop-reader")
            : null;

    HttpResponse<String> response = send(method, path, body, alice);

    assertError(response, 403, "FORBIDDEN", null);
  }

  @Test
  @Order(5)
  void shouldAnswerIdentical403s_whenAUserNamesAnUnknownADisabledOrANotGrantedDataSource()
      throws Exception {
    Map<String, Object> disabled = dataSource("shop-off", "secret:shop-reader");
    disabled.put("enabled", false);
    assertThat(send("POST", "/datasources", disabled, admin).statusCode()).isEqualTo(201);
    assertThat(send("PUT", "/datasources/shop-off/grants/user:bob", null, admin).statusCode())
        .isEqualTo(200);
    assertThat(
            send("POST", "/datasources", dataSource("shop-private", "secret:shop-reader"), admin)
                .statusCode())
        .isEqualTo(201);

    List<String> bodies = new ArrayList<>();
    for (String id : List.of("shop-gone", "shop-off", "shop-private")) {
      HttpResponse<String> response =
          send("POST", "/queries", Map.of("question", "How many orders?", "dataSourceId", id), bob);
      assertError(response, 403, "DATASOURCE_FORBIDDEN", "dataSourceId");
      bodies.add(response.body().replace(id, "ID"));
    }

    assertThat(bodies).containsOnly(bodies.get(0));
    assertError(
        send("POST", "/queries", Map.of("question", "q", "dataSourceId", "shop-gone"), admin),
        404,
        "DATASOURCE_NOT_FOUND",
        "dataSourceId");
    assertError(
        send("POST", "/queries", Map.of("question", "q", "dataSourceId", "shop-off"), admin),
        409,
        "DATASOURCE_DISABLED",
        "dataSourceId");
  }

  @Test
  @Order(6)
  void shouldRefuseNamingConnectionRef_whenTheDatabaseCannotBeReachedOrTheSecretIsMissing()
      throws Exception {
    HttpResponse<String> unreachable =
        send("POST", "/datasources", dataSource("shop-down", "secret:nowhere"), admin);
    HttpResponse<String> missing =
        send("POST", "/datasources", dataSource("shop-missing", "secret:no-such-secret"), admin);

    assertError(unreachable, 400, "VALIDATION_ERROR", "connectionRef");
    assertThat(unreachable.body()).doesNotContain("hunter2");
    assertError(missing, 400, "VALIDATION_ERROR", "connectionRef");
    assertThat(json(missing).path("error").path("message").asText()).contains("no-such-secret");
    assertThat(send("GET", "/datasources/shop-down", null, admin).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(7)
  void shouldRefuseARawUrlWithAPassword_withoutRepeatingIt() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/datasources",
            dataSource("shop-raw", "jdbc:postgresql://127.0.0.1/x?user=u&password=sw0rdfish"),
            admin);

    assertError(response, 400, "VALIDATION_ERROR", "connectionRef");
    assertThat(response.body()).doesNotContain("sw0rdfish");
  }

  @Test
  @Order(8)
  void shouldRegisterAndWarn_whenTheRoleCanWrite() throws Exception {
    HttpResponse<String> response =
        send("POST", "/datasources", dataSource("shop-owner", "secret:shop-owner"), admin);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(json(response).path("warnings").toString()).contains("can write", "superuser");
  }

  @Test
  @Order(9)
  void shouldUpdateAndWarnAgain_whenAdminPutsTheDataSource() throws Exception {
    Map<String, Object> body = dataSource("shop-owner", "secret:shop-reader");
    body.put("limits", Map.of("maxRows", 50));

    HttpResponse<String> response = send("PUT", "/datasources/shop-owner", body, admin);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).path("connectionRef").asText()).isEqualTo("secret:shop-reader");
    assertThat(json(response).path("limits").path("maxRows").asInt()).isEqualTo(50);
    assertThat(json(response).path("warnings").size()).isZero();
  }

  @ParameterizedTest
  @Order(10)
  @CsvSource({
    "bogus, principal",
    "user:, principal",
    "group:, principal",
    "admin:root, principal",
    "everybody, principal"
  })
  void shouldRefuse400NamingPrincipal_whenTheGrantPrincipalIsInvalid(String principal, String field)
      throws Exception {
    HttpResponse<String> response =
        send("PUT", "/datasources/shop/grants/" + principal, null, admin);

    assertError(response, 400, "VALIDATION_ERROR", field);
  }

  @Test
  @Order(11)
  void shouldAnswer404_whenGrantingOnAnUnknownDataSourceOrRevokingAMissingGrant() throws Exception {
    assertError(
        send("PUT", "/datasources/shop-gone/grants/everyone", null, admin),
        404,
        "DATASOURCE_NOT_FOUND",
        "id");
    assertError(
        send("DELETE", "/datasources/shop/grants/group:nobody", null, admin),
        404,
        "NOT_FOUND",
        "principal");
  }

  @ParameterizedTest
  @Order(12)
  @CsvSource(
      delimiter = '|',
      value = {
        "id | bad id!",
        "name | ",
        "allowedSchemas[0] | schema",
        "limits.maxRows | limits",
        "limits.statementTimeoutMs | timeout",
        "connectionRef | plain"
      })
  void shouldRefuse400NamingTheField_whenADataSourceFieldIsInvalid(String field, String what)
      throws Exception {
    Map<String, Object> body = dataSource("shop-bad", "secret:shop-reader");
    switch (field) {
      case "id" -> body.put("id", what);
      case "name" -> body.put("name", " ");
      case "allowedSchemas[0]" -> body.put("allowedSchemas", List.of("public; drop"));
      case "limits.maxRows" -> body.put("limits", Map.of("maxRows", 0));
      case "limits.statementTimeoutMs" ->
          body.put("limits", Map.of("statementTimeoutMs", 86_400_000));
      default -> body.put("connectionRef", "shop-reader");
    }

    HttpResponse<String> response = send("POST", "/datasources", body, admin);

    assertError(response, 400, "VALIDATION_ERROR", field);
  }

  @Test
  @Order(13)
  void shouldAddListAndDeleteTemplates_andRejectUnsafeSql() throws Exception {
    Map<String, Object> template =
        Map.of(
            "name", "Customer count",
            "exampleQuestion", "How many customers are there?",
            "sql", "SELECT count(*) FROM customers");
    Map<String, Object> unsafe =
        Map.of("name", "Drop", "exampleQuestion", "Remove them", "sql", "DROP TABLE customers");

    HttpResponse<String> added = send("POST", "/datasources/shop/templates", template, admin);
    HttpResponse<String> rejected = send("POST", "/datasources/shop/templates", unsafe, admin);
    HttpResponse<String> listed = send("GET", "/datasources/shop/templates", null, admin);

    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    long id = json(added).path("id").asLong();
    assertError(rejected, 422, "SQL_REJECTED", "sql");
    assertThat(json(listed).path("templates").size()).isEqualTo(1);
    assertThat(send("DELETE", "/datasources/shop/templates/" + id, null, admin).statusCode())
        .isEqualTo(204);
    assertError(
        send("DELETE", "/datasources/shop/templates/" + id, null, admin),
        404,
        "NOT_FOUND",
        "templateId");
  }

  @Test
  @Order(14)
  void shouldDelete204_andForgetTheGrants_whenAdminDeletesADataSource() throws Exception {
    HttpResponse<String> deleted = send("DELETE", "/datasources/shop-private", null, admin);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertError(
        send("GET", "/datasources/shop-private", null, admin), 404, "DATASOURCE_NOT_FOUND", "id");
    assertError(
        send("DELETE", "/datasources/shop-private", null, admin),
        404,
        "DATASOURCE_NOT_FOUND",
        "id");
  }

  @Test
  @Order(19)
  void shouldAuditTheAdminChangesAndTheRefusal_whenAdminReadsTheShopsAuditLog() throws Exception {
    HttpResponse<String> response = send("GET", "/audit?dataSource=shop&limit=200", null, admin);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> rows = new ArrayList<>();
    json(response)
        .path("items")
        .forEach(row -> rows.add(row.path("actor").asText() + " " + row.path("action").asText()));
    assertThat(rows)
        .contains(
            "root ADMIN_DATASOURCE_CREATED",
            "root ADMIN_GRANT_ADDED",
            "root ADMIN_TEMPLATE_CREATED",
            "root ADMIN_TEMPLATE_DELETED",
            "alice QUERY_SUBMITTED",
            "bob QUERY_FORBIDDEN");
    assertThat(response.body()).doesNotContain(readerPassword);
  }

  @Test
  @Order(20)
  void shouldNeverShowTheSecrets_inAnyResponseOrLogLine() throws Exception {
    Path secrets = dataDir.resolve("secrets");

    assertThat(responseBodies).isNotEmpty();
    assertThat(responseBodies).noneMatch(body -> body.contains(readerPassword));
    assertThat(responseBodies).noneMatch(body -> body.contains("hunter2"));
    assertThat(log.lines()).noneMatch(line -> line.contains(readerPassword));
    assertThat(log.lines()).noneMatch(line -> line.contains("hunter2"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(secrets.resolve("shop-reader"))))
        .isEqualTo("rw-------");
  }
}
