package com.sqm.functions.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaygroundHandlerTest {
  private final PlaygroundHandler handler =
      new PlaygroundHandler(PlaygroundAssets.fromClasspath(), PlaygroundSettings.NONE);

  @ParameterizedTest
  @Event(value = "events/playground-page.json", type = APIGatewayV2HTTPEvent.class)
  void shouldServeThePageUnderAStrictPolicy_whenRootIsRequested(APIGatewayV2HTTPEvent event)
      throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "text/html; charset=utf-8")
        .containsEntry("Cache-Control", "no-cache")
        .containsEntry("X-Content-Type-Options", "nosniff")
        .containsEntry("Referrer-Policy", "no-referrer")
        .containsKey("ETag");
    String policy = response.getHeaders().get("Content-Security-Policy");
    assertThat(policy)
        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
        .contains("connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
    // The recorded browser request accepts gzip.
    assertThat(response.getHeaders()).containsEntry("Content-Encoding", "gzip");
    assertThat(text(response)).contains("<form id=\"ask-form\">", "playground/app.js");
  }

  @ParameterizedTest
  @Event(value = "events/playground-file.json", type = APIGatewayV2HTTPEvent.class)
  void shouldServeTheScriptAsJavaScript_whenAFileIsRequested(APIGatewayV2HTTPEvent event)
      throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "text/javascript; charset=utf-8")
        .containsEntry("Cache-Control", "no-cache")
        .containsKey("Content-Security-Policy");
    assertThat(text(response)).contains("vegaEmbed");
  }

  @Test
  void shouldLetBrowsersKeepVendoredFilesForGood_whenTheirNameCarriesTheVersion() {
    APIGatewayV2HTTPResponse vendored = handler.handleRequest(file("vega-6.4.0.min.js"), null);
    APIGatewayV2HTTPResponse style = handler.handleRequest(file("app.css"), null);
    APIGatewayV2HTTPResponse licence = handler.handleRequest(file("vega-6.4.0.LICENSE.txt"), null);

    assertThat(vendored.getStatusCode()).isEqualTo(200);
    assertThat(vendored.getHeaders())
        .containsEntry("Content-Type", "text/javascript; charset=utf-8")
        .containsEntry("Cache-Control", "public, max-age=31536000, immutable");
    assertThat(style.getHeaders())
        .containsEntry("Content-Type", "text/css; charset=utf-8")
        .containsEntry("Cache-Control", "no-cache");
    assertThat(licence.getHeaders())
        .containsEntry("Content-Type", "text/plain; charset=utf-8")
        .containsEntry("Cache-Control", "public, max-age=31536000, immutable");
  }

  @Test
  void shouldAnswer304WithoutBody_whenTheBrowserHasTheSameVersion() {
    String etag = handler.handleRequest(file("app.js"), null).getHeaders().get("ETag");
    APIGatewayV2HTTPEvent again = file("app.js");
    again.getHeaders().put("if-none-match", "W/" + etag);
    APIGatewayV2HTTPEvent changed = file("app.js");
    changed.getHeaders().put("if-none-match", "\"an-older-version\"");

    APIGatewayV2HTTPResponse unchanged = handler.handleRequest(again, null);
    APIGatewayV2HTTPResponse sent = handler.handleRequest(changed, null);

    assertThat(etag).matches("\"[0-9a-f]{64}\"");
    assertThat(unchanged.getStatusCode()).isEqualTo(304);
    assertThat(unchanged.getBody()).isNull();
    assertThat(unchanged.getHeaders()).containsEntry("ETag", etag);
    assertThat(sent.getStatusCode()).isEqualTo(200);
    assertThat(sent.getBody()).isNotEmpty();
  }

  @Test
  void shouldSendTheSameBytesCompressed_whenTheBrowserAcceptsGzip() throws Exception {
    APIGatewayV2HTTPEvent zipped = file("vega-6.4.0.min.js");
    zipped.getHeaders().put("accept-encoding", "gzip, deflate, br, zstd");
    APIGatewayV2HTTPEvent refused = file("vega-6.4.0.min.js");
    refused.getHeaders().put("accept-encoding", "br, gzip;q=0");

    APIGatewayV2HTTPResponse compressed = handler.handleRequest(zipped, null);
    APIGatewayV2HTTPResponse plain = handler.handleRequest(file("vega-6.4.0.min.js"), null);
    APIGatewayV2HTTPResponse notWanted = handler.handleRequest(refused, null);

    assertThat(compressed.getHeaders())
        .containsEntry("Content-Encoding", "gzip")
        .containsEntry("Vary", "Accept-Encoding");
    assertThat(compressed.getIsBase64Encoded()).isTrue();
    byte[] zippedBytes = Base64.getDecoder().decode(compressed.getBody());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zippedBytes))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.getBody());
    }
    assertThat(zippedBytes.length).isLessThan(plain.getBody().length() / 2);
    assertThat(plain.getHeaders()).doesNotContainKey("Content-Encoding");
    assertThat(plain.getIsBase64Encoded()).isFalse();
    assertThat(notWanted.getHeaders()).doesNotContainKey("Content-Encoding");
  }

  @Test
  void shouldGiveTheCompressedFileItsOwnETag_whenTheBrowserAcceptsGzip() {
    APIGatewayV2HTTPEvent zipped = file("vega-6.4.0.min.js");
    zipped.getHeaders().put("accept-encoding", "gzip");

    APIGatewayV2HTTPResponse compressed = handler.handleRequest(zipped, null);
    APIGatewayV2HTTPResponse plain = handler.handleRequest(file("vega-6.4.0.min.js"), null);

    String plainTag = plain.getHeaders().get("ETag");
    assertThat(plainTag).matches("\"[0-9a-f]{64}\"");
    assertThat(compressed.getHeaders().get("ETag"))
        .isEqualTo(plainTag.substring(0, plainTag.length() - 1) + "-gz\"");
    assertThat(plain.getHeaders()).containsEntry("Vary", "Accept-Encoding");
  }

  @Test
  void shouldAnswer304_whenTheBrowserHasEitherRepresentation() {
    APIGatewayV2HTTPEvent zipped = file("vega-6.4.0.min.js");
    zipped.getHeaders().put("accept-encoding", "gzip");
    String gzipTag = handler.handleRequest(zipped, null).getHeaders().get("ETag");
    String plainTag =
        handler.handleRequest(file("vega-6.4.0.min.js"), null).getHeaders().get("ETag");
    APIGatewayV2HTTPEvent hasGzipWantsPlain = file("vega-6.4.0.min.js");
    hasGzipWantsPlain.getHeaders().put("if-none-match", gzipTag);
    APIGatewayV2HTTPEvent hasPlainWantsGzip = file("vega-6.4.0.min.js");
    hasPlainWantsGzip.getHeaders().put("accept-encoding", "gzip");
    hasPlainWantsGzip.getHeaders().put("if-none-match", "\"an-older-version\", " + plainTag);

    APIGatewayV2HTTPResponse first = handler.handleRequest(hasGzipWantsPlain, null);
    APIGatewayV2HTTPResponse second = handler.handleRequest(hasPlainWantsGzip, null);

    assertThat(first.getStatusCode()).isEqualTo(304);
    assertThat(first.getHeaders()).containsEntry("ETag", gzipTag);
    assertThat(second.getStatusCode()).isEqualTo(304);
    assertThat(second.getHeaders()).containsEntry("ETag", plainTag);
    assertThat(second.getBody()).isNull();
  }

  @Test
  void shouldSendASmallFileAsItIs_whenCompressingWouldGainNothing() {
    APIGatewayV2HTTPEvent event = file("icon.svg");
    event.getHeaders().put("accept-encoding", "gzip");

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "image/svg+xml")
        .doesNotContainKey("Content-Encoding")
        .doesNotContainKey("Vary");
    assertThat(response.getBody()).startsWith("<svg");
  }

  @ParameterizedTest
  @Event(value = "events/playground-file-traversal.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404Json_whenTheNameClimbsOutOfTheDirectory(APIGatewayV2HTTPEvent event)
      throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(404);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
    JsonNode error = Json.mapper().readTree(response.getBody()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(error.path("field").asText()).isEqualTo("file");
    assertThat(response.getBody()).doesNotContain("<project");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../pom.xml",
        "..",
        ".",
        "..%2Fpom.xml",
        "/etc/passwd",
        "playground/app.js",
        "..\\app.js",
        ".hidden.js",
        "app.js/",
        "app.js\u0000.css",
        "app.JS",
        "nothing.js",
        "app",
        "PlaygroundHandler.class",
        "com/sqm/functions/playground/PlaygroundHandler.class",
        "log4j2.xml",
        ""
      })
  void shouldAnswer404_whenTheFileIsNotOneOfThePages(String name) throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(file(name), null);

    assertThat(response.getStatusCode()).as(name).isIn(400, 404);
    assertThat(Json.mapper().readTree(response.getBody()).path("error").path("code").asText())
        .isIn("NOT_FOUND", "VALIDATION_ERROR");
  }

  @Test
  void shouldTellThePageThereIsNoSignIn_whenNoIdentityProviderIsSet() throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(file("config.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("Cache-Control", "no-store");
    assertThat(Json.mapper().readTree(response.getBody()).has("signIn")).isTrue();
    assertThat(Json.mapper().readTree(response.getBody()).path("signIn").isNull()).isTrue();
  }

  @Test
  void shouldGiveTheHostedSignInAndAllowItsTokenEndpoint_whenAnIdentityProviderIsSet()
      throws Exception {
    PlaygroundSettings cognito =
        PlaygroundSettings.from(
            Map.of(
                    PlaygroundSettings.AUTH_URL,
                    "https://sqm-demo.auth.eu-west-1.amazoncognito.com/",
                    PlaygroundSettings.CLIENT_ID,
                    "4k2abcdefghij1234567890xyz")
                ::get);
    PlaygroundHandler signingIn = new PlaygroundHandler(PlaygroundAssets.fromClasspath(), cognito);

    APIGatewayV2HTTPResponse config = signingIn.handleRequest(file("config.json"), null);
    APIGatewayV2HTTPResponse page = signingIn.handleRequest(file("index.html"), null);

    JsonNode signIn = Json.mapper().readTree(config.getBody()).path("signIn");
    String base = "https://sqm-demo.auth.eu-west-1.amazoncognito.com";
    assertThat(signIn.path("authorizeUrl").asText()).isEqualTo(base + "/oauth2/authorize");
    assertThat(signIn.path("tokenUrl").asText()).isEqualTo(base + "/oauth2/token");
    assertThat(signIn.path("clientId").asText()).isEqualTo("4k2abcdefghij1234567890xyz");
    assertThat(signIn.path("scopes").asText()).isEqualTo("openid");
    assertThat(page.getHeaders().get("Content-Security-Policy"))
        .contains("connect-src 'self' " + base + ";")
        .contains("script-src 'self';");
  }

  /** The body as the browser reads it: decompressed when it was sent gzip-compressed. */
  private static String text(APIGatewayV2HTTPResponse response) throws Exception {
    if (!"gzip".equals(response.getHeaders().get("Content-Encoding"))) {
      return response.getBody();
    }
    byte[] zipped = Base64.getDecoder().decode(response.getBody());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static APIGatewayV2HTTPEvent file(String name) {
    Map<String, String> headers = new HashMap<>();
    headers.put("accept", "*/*");
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey("GET /playground/{file}")
        .withRawPath("/playground/" + name)
        .withHeaders(headers)
        .withPathParameters(Map.of("file", name))
        .withRequestContext(
            APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("test").build())
        .build();
  }
}
