package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.config.AppConfig;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.auth.JwtAuthorizer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over real HTTP with stand-in handlers that record the event they get. */
class LocalApiGatewayTest {
  @TempDir Path dataDir;

  private final AtomicReference<APIGatewayV2HTTPEvent> lastEvent = new AtomicReference<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final CountDownLatch slowEntered = new CountDownLatch(1);
  private final CountDownLatch slowReleased = new CountDownLatch(1);
  private LocalApiGateway gateway;
  private String token;

  @BeforeEach
  void startGateway() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    token = new DevTokenIssuer(key, Clock.systemUTC()).issue("alice", Duration.ofHours(1));
    RouteTable routes =
        new RouteTable(
            List.of(
                new Route(
                    "GET",
                    "/queries/{id}",
                    "get",
                    (event, context) -> {
                      lastEvent.set(event);
                      return APIGatewayV2HTTPResponse.builder()
                          .withStatusCode(200)
                          .withHeaders(Map.of("content-type", "application/json"))
                          .withBody("{\"id\":\"" + event.getPathParameters().get("id") + "\"}")
                          .build();
                    },
                    true),
                new Route(
                    "POST",
                    "/queries",
                    "submit",
                    (event, context) -> {
                      lastEvent.set(event);
                      return APIGatewayV2HTTPResponse.builder()
                          .withStatusCode(202)
                          .withBody(event.getBody())
                          .build();
                    },
                    true),
                new Route(
                    "GET",
                    "/health",
                    "health",
                    (event, context) -> {
                      lastEvent.set(event);
                      return APIGatewayV2HTTPResponse.builder()
                          .withStatusCode(200)
                          .withBody("{\"status\":\"UP\"}")
                          .build();
                    },
                    false),
                new Route(
                    "GET",
                    "/boom",
                    "boom",
                    (event, context) -> {
                      throw new IllegalStateException("kaput");
                    },
                    false),
                new Route(
                    "GET",
                    "/slow",
                    "slow",
                    (event, context) -> {
                      slowEntered.countDown();
                      awaitQuietly(slowReleased);
                      return APIGatewayV2HTTPResponse.builder()
                          .withStatusCode(200)
                          .withBody("{\"slow\":true}")
                          .build();
                    },
                    false)));
    gateway =
        LocalApiGateway.start(
            0,
            routes,
            new JwtAuthorizer(key, Clock.systemUTC()),
            new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()));
  }

  @AfterEach
  void stopGateway() {
    slowReleased.countDown();
    gateway.close();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads one response off a kept-alive connection (enough to see its body end). */
  private static String readUntil(InputStream in, String end) throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    while (!received.toString(StandardCharsets.UTF_8).endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      received.write(b);
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery));
  }

  @Test
  void shouldLeaveHalfTheThreadsToOtherRequests_whenLongPollsAreAtTheirDefaultCap() {
    assertThat(AppConfig.DEFAULT_PROGRESS_WAITERS).isLessThanOrEqualTo(LocalApiGateway.THREADS / 2);
  }

  @Test
  void shouldInvokeHandlerWithClaims_whenTokenValid() throws Exception {
    HttpResponse<String> response =
        send(request("/queries/q-1?x=1").header("Authorization", "Bearer " + token));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"id\":\"q-1\"}");
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    APIGatewayV2HTTPEvent event = lastEvent.get();
    assertThat(event.getRouteKey()).isEqualTo("GET /queries/{id}");
    assertThat(event.getQueryStringParameters()).containsEntry("x", "1");
    assertThat(event.getHeaders()).containsKey("authorization");
    assertThat(event.getRequestContext().getAuthorizer().getJwt().getClaims())
        .containsEntry("sub", "alice");
  }

  @Test
  void shouldPassBodyThrough_whenPosting() throws Exception {
    HttpResponse<String> response =
        send(
            request("/queries")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"hi\"}")));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(lastEvent.get().getBody()).isEqualTo("{\"question\":\"hi\"}");
  }

  @Test
  void shouldAnswer401WithoutCallingHandler_whenTokenMissing() throws Exception {
    HttpResponse<String> response = send(request("/queries/q-1"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"", "\"message\":");
    assertThat(lastEvent.get()).isNull();
  }

  @Test
  void shouldAnswer401_whenTokenTampered() throws Exception {
    HttpResponse<String> response =
        send(request("/queries/q-1").header("Authorization", "Bearer " + token + "x"));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldServePublicRouteWithoutAuthorizer_whenNoToken() throws Exception {
    HttpResponse<String> response = send(request("/health"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(lastEvent.get().getRequestContext().getAuthorizer()).isNull();
  }

  @Test
  void shouldAnswer404Json_whenRouteUnknown() throws Exception {
    HttpResponse<String> response =
        send(request("/nowhere").header("Authorization", "Bearer " + token));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
  }

  @Test
  void shouldAnswer405WithAllow_whenMethodWrong() throws Exception {
    HttpResponse<String> response = send(request("/health").DELETE());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).contains("GET");
    assertThat(response.body()).contains("\"code\":\"METHOD_NOT_ALLOWED\"");
  }

  @Test
  void shouldAnswer500_whenHandlerThrows() throws Exception {
    HttpResponse<String> response = send(request("/boom"));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).contains("INTERNAL_ERROR").doesNotContain("kaput");
  }

  @Test
  void shouldFinishTheRequestInFlight_andDropIdleConnectionsAtOnce_whenClosed() throws Exception {
    CompletableFuture<HttpResponse<String>> inFlight =
        http.sendAsync(request("/slow").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(slowEntered.await(10, TimeUnit.SECONDS)).as("the slow function runs").isTrue();
    try (Socket idle = new Socket("127.0.0.1", gateway.port())) {
      idle.setSoTimeout(10_000);
      idle.getOutputStream()
          .write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = idle.getInputStream();
      assertThat(readUntil(in, "{\"status\":\"UP\"}")).startsWith("HTTP/1.1 200");

      CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
      // Blocks until the gateway drops the idle keep-alive connection, while the slow function
      // still runs: the close does not wait for idle connections as it does for requests.
      int afterClose = in.read();
      slowReleased.countDown();
      closing.get(10, TimeUnit.SECONDS);

      assertThat(afterClose).as("the idle connection is closed").isEqualTo(-1);
      HttpResponse<String> finished = inFlight.get(10, TimeUnit.SECONDS);
      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(finished.body()).isEqualTo("{\"slow\":true}");
    }
  }
}
