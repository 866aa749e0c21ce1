package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.auth.JwtAuthorizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's request limits over real HTTP, as a client sees them: oversized bodies and headers
 * and malformed paths get the API's JSON errors before routing, authorization or the handler.
 */
class RequestLimitsTest {
  private static final int LIMIT = 16 * 1024;

  @TempDir static Path dataDir;

  private static final AtomicInteger handlerCalls = new AtomicInteger();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static LocalApiGateway gateway;
  private static String token;

  @BeforeEach
  void resetCalls() {
    handlerCalls.set(0);
  }

  /** One gateway for the class: stopping one waits for its open connections. */
  @BeforeAll
  static void startGateway() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    token = new DevTokenIssuer(key, Clock.systemUTC()).issue("alice", Duration.ofHours(1));
    RouteTable routes =
        new RouteTable(
            List.of(
                new Route(
                    "POST",
                    "/queries",
                    "submit",
                    (event, context) -> {
                      handlerCalls.incrementAndGet();
                      return APIGatewayV2HTTPResponse.builder()
                          .withStatusCode(202)
                          .withBody(Integer.toString(event.getBody().length()))
                          .build();
                    },
                    true),
                StubRoutes.counting(
                    "GET", "/queries/{id}", "get", true, handlerCalls, StubRoutes.status(200)),
                StubRoutes.counting(
                    "GET",
                    "/health",
                    "health",
                    false,
                    handlerCalls,
                    APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(200)
                        .withBody("{\"status\":\"UP\"}")
                        .build())));
    gateway =
        LocalApiGateway.start(
            0,
            routes,
            new JwtAuthorizer(key, Clock.systemUTC()),
            new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()));
  }

  @AfterAll
  static void stopGateway() {
    gateway.close();
  }

  /**
   * Keeps sending {@code chunk} (up to 32 MB, far less than announced) from another thread while
   * reading the answer; returns what the server sent before it ended the connection. A server that
   * drained the whole body instead would keep the connection open and the read would time out.
   */
  private static String sendBodyUntilClosed(String head, byte[] chunk) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                  for (long sent = 0; sent < 32L * 1024 * 1024; sent += chunk.length) {
                    out.write(chunk);
                  }
                } catch (IOException closedByServer) {
                  // expected: the server closes the connection without reading the rest
                }
              });
      writer.start();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          received.write(buffer, 0, n);
        }
      } catch (SocketException reset) {
        // the server closed with unread request bytes: the client sees a reset after the answer
      }
      socket.close();
      writer.join(10_000);
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldAnswer413AndClose_whenContentLengthOverLimit_withoutToken() throws Exception {
    String response =
        sendBodyUntilClosed(
            "POST /queries HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 419430400\r\n\r\n",
            new byte[64 * 1024]);

    assertThat(response).startsWith("HTTP/1.1 413 ");
    assertThat(response.toLowerCase()).contains("content-type: application/json");
    assertThat(response).contains("{\"error\":{").contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
    assertThat(handlerCalls).hasValue(0);
  }

  @Test
  void shouldAnswer413AndClose_whenChunkedBodyOverLimit() throws Exception {
    byte[] data = new byte[8192];
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    chunk.write("2000\r\n".getBytes(StandardCharsets.ISO_8859_1));
    chunk.write(data);
    chunk.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));

    String response =
        sendBodyUntilClosed(
            "POST /queries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token
                + "\r\nTransfer-Encoding: chunked\r\n\r\n",
            chunk.toByteArray());

    assertThat(response).startsWith("HTTP/1.1 413 ");
    assertThat(response).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
    assertThat(handlerCalls).hasValue(0);
  }

  @Test
  void shouldRouteBody_whenExactlyAtLimit() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/queries"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(LIMIT)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo(Integer.toString(LIMIT));
  }

  @Test
  void shouldAnswer431_whenHeadersOverLimit() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/health")).header("X-Padding", "a".repeat(LIMIT)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.body()).contains("\"code\":\"REQUEST_HEADER_FIELDS_TOO_LARGE\"");
    assertThat(handlerCalls).hasValue(0);
  }

  @Test
  void shouldAnswer431_whenOneHeaderIsAMegabyte() throws Exception {
    RawHttp.Response response =
        RawHttp.exchange(
            gateway.port(),
            "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "a".repeat(1024 * 1024)
                + "\r\n\r\n");

    assertThat(response.status()).isEqualTo(431);
    assertThat(response.body()).contains("\"code\":\"REQUEST_HEADER_FIELDS_TOO_LARGE\"");
  }

  @Test
  void shouldServeRequest_whenHeadersJustUnderLimit() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/health"))
                .header("X-Padding", "a".repeat(LIMIT - 1024))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer400Json_whenPathOrQueryMalformed() throws Exception {
    for (String target :
        List.of(
            "/queries/%00",
            "/queries/%C3%28",
            "/queries/%C3",
            "/queries/a%0Ab",
            "/queries/q-1?x=%00",
            "/queries/q-1?x=%FF",
            "/queries/q-1?%E2%82=1")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri(target))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(target).isEqualTo(400);
      assertThat(response.headers().firstValue("content-type"))
          .as(target)
          .contains("application/json");
      assertThat(response.body()).as(target).contains("\"code\":\"VALIDATION_ERROR\"");
    }
    assertThat(handlerCalls).hasValue(0);
  }

  @Test
  void shouldRouteDecodedPath_whenEscapesWellFormed() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/queries/caf%C3%A9?x=a%20b"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(handlerCalls).hasValue(1);
  }

  private static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + gateway.port() + pathAndQuery);
  }
}
