package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.functions.queries.GetQueryHandler;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.service.QueryReadService;
import com.sqm.store.PostgresQueryChanges;
import com.sqm.testing.TestEnvironment;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /queries/{id}?wait=N} through the local gateway, with the real handler on a real
 * database: long polls held at the process's cap leave the gateway free for other requests, and a
 * client that goes away does not leave its wait behind.
 */
class LongPollGatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALICE = "alice";

  private static TestEnvironment env;
  private static PostgresQueryChanges changes;
  private static LocalApiGateway gateway;
  private static String token;
  private static Path dataDir;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    // Two waits per process, so the test reaches the cap with two requests.
    env = TestEnvironment.create("long_poll_gateway_it", Map.of("SQM_PROGRESS_WAITERS", "2"));
    changes = (PostgresQueryChanges) env.components().queryChanges();
    dataDir = Files.createTempDirectory("sqm-long-poll-it");
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    token = new DevTokenIssuer(key, Clock.systemUTC()).issue(ALICE, Duration.ofHours(1));
    // Re-reads only when notified (not every 5 s): an answer in time proves the notification.
    GetQueryHandler get =
        new GetQueryHandler(
            new QueryReadService(env.components().queries(), changes, Duration.ofMinutes(1)));
    RouteTable routes =
        new RouteTable(
            List.of(
                new Route("GET", "/queries/{id}", "sqm-get-query", get, true),
                new Route(
                    "GET",
                    "/health",
                    "health",
                    (event, context) ->
                        APIGatewayV2HTTPResponse.builder()
                            .withStatusCode(200)
                            .withBody("{\"status\":\"UP\"}")
                            .build(),
                    false)));
    gateway =
        LocalApiGateway.start(
            0,
            routes,
            new JwtAuthorizer(key, Clock.systemUTC()),
            new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    env.close();
    Files.deleteIfExists(dataDir.resolve(DevSigningKey.FILE_NAME));
    Files.deleteIfExists(dataDir);
  }

  @Test
  void shouldServeOthersAndAnswerPastTheCapAtOnce_whenLongPollsAreHeld() throws Exception {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, ALICE, "How many orders?");
    CompletableFuture<HttpResponse<String>> first = longPoll(id, 20);
    CompletableFuture<HttpResponse<String>> second = longPoll(id, 20);
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.waiting() == 2);

    HttpResponse<String> third = longPoll(id, 20).get(5, TimeUnit.SECONDS);
    HttpResponse<String> health =
        http.send(request("/health").build(), HttpResponse.BodyHandlers.ofString());
    env.components().queries().claim(id, Duration.ofMinutes(1));

    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(third.body()).get("status").asText()).isEqualTo("PENDING");
    assertThat(health.statusCode()).isEqualTo(200);
    // Both held polls wait up to 20 s: answers well before that came from the claim.
    for (CompletableFuture<HttpResponse<String>> held : List.of(first, second)) {
      HttpResponse<String> response = held.get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("PROCESSING");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.subscriptions() == 0);
  }

  @Test
  void shouldLetTheWaitGo_whenClientDisconnects() throws Exception {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, ALICE, "How many orders?");
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /queries/"
                  + id
                  + "?wait=2 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + token
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await().atMost(Duration.ofSeconds(5)).until(() -> changes.waiting() == 1);
    }

    // The wait ends at its deadline at the latest and gives its place back.
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.subscriptions() == 0);
  }

  private CompletableFuture<HttpResponse<String>> longPoll(UUID id, int seconds) {
    return http.sendAsync(
        request("/queries/" + id + "?wait=" + seconds)
            .header("authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(30));
  }
}
