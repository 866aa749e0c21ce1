package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.auth.JwtAuthorizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preflights and CORS headers of the local gateway, over real HTTP. */
class LocalApiGatewayCorsTest {
  private static final String ALLOWED = "https://app.example";
  private static final String OTHER = "https://evil.example";

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger invocations = new AtomicInteger();
  private LocalApiGateway gateway;
  private String token;

  @BeforeEach
  void startGateway() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    token = new DevTokenIssuer(key, Clock.systemUTC()).issue("alice", Duration.ofHours(1));
    RouteTable routes =
        new RouteTable(
            List.of(
                StubRoutes.counting(
                    "POST",
                    "/queries",
                    "submit",
                    true,
                    invocations,
                    APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(202)
                        .withHeaders(Map.of("Location", "/queries/q-1"))
                        .withBody("{\"id\":\"q-1\"}")
                        .build()),
                StubRoutes.counting(
                    "GET", "/queries/{id}", "get", true, invocations, StubRoutes.status(200))));
    gateway =
        LocalApiGateway.start(
            0,
            routes,
            new JwtAuthorizer(key, Clock.systemUTC()),
            new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()),
            CorsPolicy.from(Map.of(CorsPolicy.ORIGINS, ALLOWED + ", http://localhost:5173")),
            "{\"openapi\":\"3.1.0\"}");
  }

  @AfterEach
  void stopGateway() {
    gateway.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path));
  }

  private HttpRequest.Builder preflight(String path, String origin) {
    return request(path)
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type");
  }

  @Test
  void shouldAnswerPreflightWithCorsHeaders_whenOriginAllowed() throws Exception {
    HttpResponse<String> response = send(preflight("/queries", ALLOWED));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("access-control-allow-origin")).contains(ALLOWED);
    assertThat(response.headers().firstValue("vary")).contains("Origin");
    assertThat(response.headers().firstValue("access-control-allow-methods"))
        .contains("GET,POST,PUT,DELETE,OPTIONS");
    assertThat(response.headers().firstValue("access-control-allow-headers"))
        .contains("Authorization,Content-Type,Idempotency-Key");
    assertThat(response.headers().firstValue("access-control-max-age")).contains("600");
    assertThat(response.body()).isEmpty();
    assertThat(invocations).hasValue(0);
  }

  @Test
  void shouldAnswerPreflightOnTemplatedPath_whenOriginIsSecondOfList() throws Exception {
    HttpResponse<String> response = send(preflight("/queries/q-1", "http://localhost:5173"));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().firstValue("access-control-allow-origin"))
        .contains("http://localhost:5173");
  }

  @Test
  void shouldAnswerPreflightWithoutCorsHeaders_whenOriginNotAllowed() throws Exception {
    HttpResponse<String> response = send(preflight("/queries", OTHER));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.headers().map().keySet())
        .noneMatch(name -> name.startsWith("access-control-"));
    assertThat(invocations).hasValue(0);
  }

  @Test
  void shouldAnswer404_whenPreflightPathHasNoRoute() throws Exception {
    HttpResponse<String> response = send(preflight("/nowhere", ALLOWED));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("NOT_FOUND");
  }

  @Test
  void shouldAddCorsHeadersToResponse_whenOriginAllowed() throws Exception {
    HttpResponse<String> response =
        send(
            request("/queries")
                .header("Origin", ALLOWED)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("access-control-allow-origin")).contains(ALLOWED);
    assertThat(response.headers().firstValue("vary")).contains("Origin");
    assertThat(response.headers().firstValue("access-control-expose-headers"))
        .contains("Location,Retry-After");
    assertThat(response.headers().firstValue("location")).contains("/queries/q-1");
  }

  @Test
  void shouldAddCorsHeadersToGatewayErrors_whenOriginAllowed() throws Exception {
    HttpResponse<String> response =
        send(
            request("/queries")
                .header("Origin", ALLOWED)
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("access-control-allow-origin")).contains(ALLOWED);
  }

  @Test
  void shouldAddNoCorsHeaders_whenOriginNotAllowed() throws Exception {
    HttpResponse<String> response =
        send(
            request("/queries/q-1")
                .header("Origin", OTHER)
                .header("Authorization", "Bearer " + token));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().map().keySet())
        .noneMatch(name -> name.startsWith("access-control-"));
  }

  @Test
  void shouldServeOpenApiDocumentWithoutToken_whenConfigured() throws Exception {
    HttpResponse<String> response = send(request(LocalApiGateway.OPENAPI_PATH));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.body()).isEqualTo("{\"openapi\":\"3.1.0\"}");
  }
}
