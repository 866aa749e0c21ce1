package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.JwtAuthorizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the HTTP server itself refuses before the gateway routes them (unparsable request lines,
 * escapes, versions, framing, oversized heads) still get the API's JSON error shape: the status,
 * {@code content-type: application/json} and {@code {"error":{"code","message"}}}, never an HTML
 * page or an exception name, and no handler runs.
 */
class MalformedRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static final AtomicInteger handlerCalls = new AtomicInteger();
  private static LocalApiGateway gateway;

  @BeforeEach
  void resetCalls() {
    handlerCalls.set(0);
  }

  @BeforeAll
  static void startGateway() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    RouteTable routes =
        new RouteTable(
            List.of(
                StubRoutes.counting(
                    "GET", "/queries", "list", false, handlerCalls, StubRoutes.status(200)),
                StubRoutes.counting(
                    "GET", "/queries/{id}", "get", false, handlerCalls, StubRoutes.status(200)),
                StubRoutes.counting(
                    "POST", "/queries", "submit", false, handlerCalls, StubRoutes.status(202))));
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

  /** Asserts the JSON error contract and returns the error code. */
  private static String assertJsonError(RawHttp.Response response, int status) throws Exception {
    assertThat(response.status()).as(response.raw()).isEqualTo(status);
    assertThat(response.headers()).containsEntry("content-type", "application/json");
    assertThat(response.body()).doesNotContain("<", "Exception");
    JsonNode error = JSON.readTree(response.body()).path("error");
    assertThat(error.path("code").asText()).as(response.body()).isNotBlank();
    assertThat(error.path("message").asText()).as(response.body()).isNotBlank();
    assertThat(handlerCalls).hasValue(0);
    return error.path("code").asText();
  }

  private static RawHttp.Response send(String request) throws Exception {
    return RawHttp.exchange(gateway.port(), request);
  }

  @Test
  void shouldAnswer400Json_whenPathEscapeIsNotHex() throws Exception {
    RawHttp.Response response = send("GET /queries/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertThat(assertJsonError(response, 400)).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void shouldAnswer400Json_whenQueryHoldsBarePercent() throws Exception {
    RawHttp.Response response = send("GET /queries?x=% HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertThat(assertJsonError(response, 400)).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void shouldAnswer400Json_whenRequestLineIsGarbage() throws Exception {
    RawHttp.Response response = send("GARBAGE\r\n\r\n");

    assertThat(assertJsonError(response, 400)).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void shouldAnswer400Json_whenRequestTargetHoldsControlCharacter() throws Exception {
    RawHttp.Response response = send("GET /queries/q\u0001 HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertThat(assertJsonError(response, 400)).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void shouldAnswer505Json_whenHttpVersionIsEmpty() throws Exception {
    RawHttp.Response response = send("GET /queries/q-1 HTTP/\r\nHost: localhost\r\n\r\n");

    assertThat(assertJsonError(response, 505)).isEqualTo("HTTP_VERSION_NOT_SUPPORTED");
  }

  @Test
  void shouldAnswer505Json_whenHttpVersionUnknown() throws Exception {
    RawHttp.Response response = send("GET /queries/q-1 HTTP/7.0\r\nHost: localhost\r\n\r\n");

    assertThat(assertJsonError(response, 505)).isEqualTo("HTTP_VERSION_NOT_SUPPORTED");
  }

  @Test
  void shouldAnswer400Json_whenHeaderLineHasNoColon() throws Exception {
    RawHttp.Response response =
        send("GET /queries/q-1 HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n");

    assertThat(assertJsonError(response, 400)).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void shouldAnswer400Json_whenContentLengthIsNotANumber() throws Exception {
    RawHttp.Response response =
        send("POST /queries HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n{}");

    assertThat(assertJsonError(response, 400)).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void shouldAnswer400Json_whenChunkSizeIsNotHex() throws Exception {
    RawHttp.Response response =
        send(
            "POST /queries HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n{}\r\n0\r\n\r\n");

    assertThat(assertJsonError(response, 400)).isEqualTo("VALIDATION_ERROR");
  }

  @Test
  void shouldAnswer414Json_whenRequestTargetIsHuge() throws Exception {
    RawHttp.Response response =
        send("GET /queries/" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertThat(assertJsonError(response, 414)).isEqualTo("URI_TOO_LONG");
  }

  @Test
  void shouldAnswer431Json_whenOneHeaderIsPastTwoMegabytes() throws Exception {
    RawHttp.Response response =
        send(
            "GET /queries/q-1 HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "a".repeat(3 * 1024 * 1024)
                + "\r\n\r\n");

    assertThat(assertJsonError(response, 431)).isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
  }

  @Test
  void shouldAnswer431Json_whenManySmallHeadersPassTwoMegabytes() throws Exception {
    String header = "X-Padding: " + "a".repeat(1000) + "\r\n";
    RawHttp.Response response =
        send("GET /queries/q-1 HTTP/1.1\r\nHost: localhost\r\n" + header.repeat(2200) + "\r\n");

    assertThat(assertJsonError(response, 431)).isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
  }
}
