package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sqm.config.IdentitySettings;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of the HTTP API × every kind of caller, with the status each must get, on the real
 * local services through the local API gateway (issue 8, item 9).
 *
 * <p>The callers: no token; a token with a bad signature, expired, of another issuer, for another
 * audience; alice, who owns the query under test; bob, another user; gina, in the group granted the
 * restricted data source; nick, granted nothing beyond what everyone has; and an admin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  /** The data source only the group {@value #ANALYSTS} is granted. */
  private static final String VAULT = "vault";

  private static final String ANALYSTS = "analysts";

  /** Who calls. */
  enum Identity {
    NO_TOKEN,
    BAD_SIGNATURE,
    EXPIRED,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    OWNER,
    OTHER_USER,
    GRANTED,
    NOT_GRANTED,
    ADMIN;

    boolean signedIn() {
      return ordinal() >= OWNER.ordinal();
    }
  }

  /** What a case sends: method, path and JSON body (null for none). */
  record Call(String method, String path, Object body) {}

  /** One endpoint: how to build a call to it (fresh resources where it changes them). */
  private record Endpoint(String routeKey, CallFactory call, Map<Identity, Integer> expected) {
    @Override
    public String toString() {
      return routeKey;
    }
  }

  @FunctionalInterface
  private interface CallFactory {
    Call build(AccessMatrixIT fixture) throws Exception;
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger fresh = new AtomicInteger();
  private final Map<Identity, String> tokens = new EnumMap<>(Identity.class);
  private Path dataDir;
  private LocalRuntime runtime;
  private String alicesQuery;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("sqm-access-matrix-it");
    runtime = LocalRuntime.start(new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of()));
    mintTokens();

    HttpResponse<String> vault = send(token(Identity.ADMIN), createDataSource(VAULT));
    assertThat(vault.statusCode()).as(vault.body()).isEqualTo(201);
    HttpResponse<String> grant =
        send(
            token(Identity.ADMIN),
            new Call("PUT", "/datasources/vault/grants/group:analysts", null));
    assertThat(grant.statusCode()).as(grant.body()).isEqualTo(200);

    HttpResponse<String> asked =
        send(
            token(Identity.OWNER),
            new Call("POST", "/queries", Map.of("question", "How many customers are there?")));
    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    alicesQuery = JSON.readTree(asked.body()).path("id").asText();
    await()
        .atMost(ANSWER_TIMEOUT)
        .until(
            () -> status(alicesQuery).equals("COMPLETED") || status(alicesQuery).equals("FAILED"));
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

  Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Endpoint endpoint : endpoints()) {
      for (Identity identity : Identity.values()) {
        cases.add(Arguments.of(endpoint, identity));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cases")
  void shouldAnswerTheExpectedStatus_forEveryEndpointAndCaller(Endpoint endpoint, Identity identity)
      throws Exception {
    Call call = endpoint.call().build(this);

    HttpResponse<String> response = send(token(identity), call);

    assertThat(response.statusCode())
        .as("%s as %s: %s", endpoint.routeKey(), identity, response.body())
        .isEqualTo(endpoint.expected().get(identity));
    if (response.statusCode() >= 400) {
      // Our own error contract, never a server page.
      assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isNotBlank();
    }
  }

  @Test
  void shouldListTheVaultToTheGrantedGroupOnly_whenUsersListDataSources() throws Exception {
    Call list = new Call("GET", "/datasources", null);

    List<String> granted = ids(send(token(Identity.GRANTED), list));
    List<String> notGranted = ids(send(token(Identity.NOT_GRANTED), list));
    List<String> admin = ids(send(token(Identity.ADMIN), list));

    assertThat(granted).contains(VAULT, "demo");
    assertThat(notGranted).contains("demo").doesNotContain(VAULT);
    assertThat(admin).contains(VAULT, "demo");
  }

  private List<Endpoint> endpoints() {
    return List.of(
        new Endpoint(
            "GET /health",
            f -> new Call("GET", "/health", null),
            expect(200, 200, 200, 200, 200, 200)),
        // The playground page and its files, which need no token either (the page asks for one).
        new Endpoint(
            "GET /", f -> new Call("GET", "/", null), expect(200, 200, 200, 200, 200, 200)),
        new Endpoint(
            "GET /playground/{file}",
            f -> new Call("GET", "/playground/app.js", null),
            expect(200, 200, 200, 200, 200, 200)),
        new Endpoint(
            "POST /queries (vault)",
            f ->
                new Call(
                    "POST",
                    "/queries",
                    Map.of("question", "How many orders are there?", "dataSourceId", VAULT)),
            expect(403, 403, 202, 403, 202)),
        new Endpoint(
            "GET /queries/{id}",
            f -> new Call("GET", "/queries/" + f.alicesQuery, null),
            expect(200, 404, 404, 404, 200)),
        new Endpoint(
            "POST /queries/{id}/feedback",
            f ->
                new Call("POST", "/queries/" + f.alicesQuery + "/feedback", Map.of("rating", "up")),
            expect(201, 404, 404, 404, 404)),
        new Endpoint(
            "GET /users/{userId}/queries",
            f -> new Call("GET", "/users/alice/queries", null),
            expect(200, 404, 404, 404, 200)),
        new Endpoint(
            "GET /datasources",
            f -> new Call("GET", "/datasources", null),
            expect(200, 200, 200, 200, 200)),
        new Endpoint(
            "POST /datasources", f -> f.createDataSource(f.freshId("new")), adminOnly(201)),
        new Endpoint(
            "GET /datasources/{id}",
            f -> new Call("GET", "/datasources/" + VAULT, null),
            adminOnly(200)),
        new Endpoint(
            "PUT /datasources/{id}",
            f -> new Call("PUT", "/datasources/" + VAULT, dataSourceBody(VAULT)),
            adminOnly(200)),
        new Endpoint(
            "DELETE /datasources/{id}",
            f -> new Call("DELETE", "/datasources/" + f.existingDataSource("gone"), null),
            adminOnly(204)),
        new Endpoint(
            "POST /datasources/{id}/templates",
            f -> new Call("POST", "/datasources/" + VAULT + "/templates", templateBody()),
            adminOnly(201)),
        new Endpoint(
            "GET /datasources/{id}/templates",
            f -> new Call("GET", "/datasources/" + VAULT + "/templates", null),
            adminOnly(200)),
        new Endpoint(
            "DELETE /datasources/{id}/templates/{templateId}",
            f ->
                new Call(
                    "DELETE", "/datasources/" + VAULT + "/templates/" + f.existingTemplate(), null),
            adminOnly(204)),
        new Endpoint(
            "PUT /datasources/{id}/grants/{principal}",
            f -> new Call("PUT", "/datasources/" + VAULT + "/grants/user:" + f.freshId("u"), null),
            adminOnly(200)),
        new Endpoint(
            "DELETE /datasources/{id}/grants/{principal}",
            f -> new Call("DELETE", "/datasources/" + VAULT + "/grants/" + f.existingGrant(), null),
            adminOnly(204)),
        new Endpoint(
            "GET /audit", f -> new Call("GET", "/audit?user=alice", null), adminOnly(200)));
  }

  /** /health and the playground, which need no token: one status for everyone. */
  private static Map<Identity, Integer> expect(
      int noToken, int badSignature, int expired, int wrongIssuer, int wrongAudience, int all) {
    Map<Identity, Integer> expected = new EnumMap<>(Identity.class);
    expected.put(Identity.NO_TOKEN, noToken);
    expected.put(Identity.BAD_SIGNATURE, badSignature);
    expected.put(Identity.EXPIRED, expired);
    expected.put(Identity.WRONG_ISSUER, wrongIssuer);
    expected.put(Identity.WRONG_AUDIENCE, wrongAudience);
    for (Identity identity : Identity.values()) {
      if (identity.signedIn()) {
        expected.put(identity, all);
      }
    }
    return expected;
  }

  /** A route behind the authorizer: 401 without a valid token, then one status per caller. */
  private static Map<Identity, Integer> expect(
      int owner, int otherUser, int granted, int notGranted, int admin) {
    Map<Identity, Integer> expected = new EnumMap<>(Identity.class);
    for (Identity identity : Identity.values()) {
      if (!identity.signedIn()) {
        expected.put(identity, 401);
      }
    }
    expected.put(Identity.OWNER, owner);
    expected.put(Identity.OTHER_USER, otherUser);
    expected.put(Identity.GRANTED, granted);
    expected.put(Identity.NOT_GRANTED, notGranted);
    expected.put(Identity.ADMIN, admin);
    return expected;
  }

  private static Map<Identity, Integer> adminOnly(int adminStatus) {
    return expect(403, 403, 403, 403, adminStatus);
  }

  private String freshId(String prefix) {
    return prefix + "-" + fresh.incrementAndGet();
  }

  private Call createDataSource(String id) {
    return new Call("POST", "/datasources", dataSourceBody(id));
  }

  /** A data source registered just now by the admin (for a case that deletes it). */
  private String existingDataSource(String prefix) throws Exception {
    String id = freshId(prefix);
    HttpResponse<String> created = send(token(Identity.ADMIN), createDataSource(id));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return id;
  }

  /** A template the admin added to the vault just now; its id. */
  private String existingTemplate() throws Exception {
    HttpResponse<String> added =
        send(
            token(Identity.ADMIN),
            new Call("POST", "/datasources/" + VAULT + "/templates", templateBody()));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    return JSON.readTree(added.body()).path("id").asText();
  }

  /** A grant the admin gave on the vault just now; its principal. */
  private String existingGrant() throws Exception {
    String principal = "user:" + freshId("g");
    HttpResponse<String> granted =
        send(
            token(Identity.ADMIN),
            new Call("PUT", "/datasources/" + VAULT + "/grants/" + principal, null));
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    return principal;
  }

  /** The demo shop's database once more, under the demo's stored credential. */
  private static Map<String, Object> dataSourceBody(String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("name", "Vault " + id);
    body.put("description", "The demo shop, for the access matrix");
    body.put("connectionRef", "secret:demo-reader");
    body.put("allowedSchemas", List.of("public"));
    return body;
  }

  private static Map<String, Object> templateBody() {
    return Map.of(
        "name",
        "order count",
        "exampleQuestion",
        "How many orders are there?",
        "sql",
        "SELECT count(*) AS orders FROM orders");
  }

  private String token(Identity identity) {
    return tokens.get(identity);
  }

  private void mintTokens() throws JOSEException, IOException {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    DevTokenIssuer issuer = new DevTokenIssuer(key, Clock.systemUTC());
    Duration hour = Duration.ofHours(1);
    tokens.put(Identity.OWNER, issuer.issue("alice", hour));
    tokens.put(Identity.OTHER_USER, issuer.issue("bob", hour));
    tokens.put(Identity.GRANTED, issuer.issue("gina", List.of(ANALYSTS), hour));
    tokens.put(Identity.NOT_GRANTED, issuer.issue("nick", List.of("sales"), hour));
    tokens.put(
        Identity.ADMIN,
        issuer.issue("root", List.of(IdentitySettings.DEFAULTS.adminGroup()), hour));
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    tokens.put(
        Identity.EXPIRED,
        new DevTokenIssuer(key, Clock.fixed(twoHoursAgo, Clock.systemUTC().getZone()))
            .issue("alice", hour));
    byte[] devKey =
        Base64.getUrlDecoder()
            .decode(Files.readString(dataDir.resolve(DevSigningKey.FILE_NAME)).strip());
    byte[] otherKey = new byte[32];
    new SecureRandom().nextBytes(otherKey);
    tokens.put(
        Identity.BAD_SIGNATURE, signed(otherKey, DevTokenIssuer.ISSUER, DevTokenIssuer.AUDIENCE));
    tokens.put(Identity.WRONG_ISSUER, signed(devKey, "someone-else", DevTokenIssuer.AUDIENCE));
    tokens.put(Identity.WRONG_AUDIENCE, signed(devKey, DevTokenIssuer.ISSUER, "another-api"));
  }

  /** An admin's token as another issuer, audience or key would write it. */
  private static String signed(byte[] key, String issuer, String audience) throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject("root")
            .claim(
                IdentitySettings.DEFAULTS.groupsClaim(),
                List.of(IdentitySettings.DEFAULTS.adminGroup()))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(key));
    return jwt.serialize();
  }

  private String status(String id) throws Exception {
    return JSON.readTree(
            send(token(Identity.OWNER), new Call("GET", "/queries/" + id, null)).body())
        .path("status")
        .asText();
  }

  private HttpResponse<String> send(String token, Call call) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.baseUri().resolve(call.path()))
            .timeout(Duration.ofSeconds(30))
            .header("content-type", "application/json")
            .method(
                call.method(),
                call.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(call.body())));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> ids(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    JsonNode dataSources = JSON.readTree(response.body()).path("dataSources");
    dataSources.forEach(ds -> ids.add(ds.path("id").asText()));
    return ids;
  }
}
