package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayEventFactoryTest {
  private static final Instant NOW = Instant.parse("2025-03-12T19:03:58.123Z");
  private static final Route GET_QUERY =
      new Route(
          "GET",
          "/queries/{id}",
          "get",
          (event, context) -> APIGatewayV2HTTPResponse.builder().withStatusCode(200).build(),
          true);

  private final ApiGatewayEventFactory factory =
      new ApiGatewayEventFactory(Clock.fixed(NOW, ZoneOffset.UTC), () -> "req-1");

  private static IncomingRequest request(
      String rawQuery, Map<String, List<String>> headers, String body) {
    return new IncomingRequest(
        "GET", "/queries/abc", rawQuery, headers, body, "127.0.0.1", "HTTP/1.1");
  }

  @Test
  void shouldFillPayloadV2Envelope_whenRequestMatchedRoute() {
    APIGatewayV2HTTPEvent event =
        factory.build(
            request(
                "", Map.of("Host", List.of("localhost:3000"), "User-Agent", List.of("curl/8")), ""),
            GET_QUERY,
            Map.of("id", "abc"),
            Map.of("sub", "alice"));

    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getRouteKey()).isEqualTo("GET /queries/{id}");
    assertThat(event.getRawPath()).isEqualTo("/queries/abc");
    assertThat(event.getRawQueryString()).isEmpty();
    assertThat(event.getQueryStringParameters()).isNull();
    assertThat(event.getPathParameters()).containsExactly(Map.entry("id", "abc"));
    assertThat(event.getBody()).isNull();
    assertThat(event.getIsBase64Encoded()).isFalse();

    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    assertThat(context.getRouteKey()).isEqualTo("GET /queries/{id}");
    assertThat(context.getStage()).isEqualTo("$default");
    assertThat(context.getRequestId()).isEqualTo("req-1");
    assertThat(context.getTimeEpoch()).isEqualTo(NOW.toEpochMilli());
    assertThat(context.getTime()).isEqualTo("12/Mar/2025:19:03:58 +0000");
    assertThat(context.getDomainName()).isEqualTo("localhost");
    assertThat(context.getHttp().getMethod()).isEqualTo("GET");
    assertThat(context.getHttp().getPath()).isEqualTo("/queries/abc");
    assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
    assertThat(context.getHttp().getUserAgent()).isEqualTo("curl/8");
    assertThat(context.getAuthorizer().getJwt().getClaims())
        .containsExactly(Map.entry("sub", "alice"));
  }

  @Test
  void shouldLowerCaseAndJoinHeaders_whenHeaderRepeats() {
    APIGatewayV2HTTPEvent event =
        factory.build(
            request(
                "",
                Map.of("X-Trace", List.of("a", "b"), "Content-Type", List.of("application/json")),
                null),
            GET_QUERY,
            Map.of(),
            null);

    assertThat(event.getHeaders())
        .containsEntry("x-trace", "a,b")
        .containsEntry("content-type", "application/json")
        .doesNotContainKey("Content-Type");
  }

  @Test
  void shouldMoveCookiesOutOfHeaders_likePayloadV2() {
    APIGatewayV2HTTPEvent event =
        factory.build(
            request("", Map.of("Cookie", List.of("a=1; b=2")), null), GET_QUERY, Map.of(), null);

    assertThat(event.getCookies()).containsExactly("a=1", "b=2");
    assertThat(event.getHeaders()).doesNotContainKey("cookie");
  }

  @Test
  void shouldDecodeQueryAndJoinRepeats_whenQueryStringPresent() {
    APIGatewayV2HTTPEvent event =
        factory.build(
            request("limit=5&cursor=a%2Bb&tag=x&tag=y&q=two+words", Map.of(), null),
            GET_QUERY,
            Map.of(),
            null);

    assertThat(event.getRawQueryString()).isEqualTo("limit=5&cursor=a%2Bb&tag=x&tag=y&q=two+words");
    assertThat(event.getQueryStringParameters())
        .containsEntry("limit", "5")
        .containsEntry("cursor", "a+b")
        .containsEntry("tag", "x,y")
        .containsEntry("q", "two words");
  }

  @Test
  void shouldOmitAuthorizerAndPathParameters_whenRouteIsPublic() {
    APIGatewayV2HTTPEvent event =
        factory.build(request(null, null, "{\"a\":1}"), GET_QUERY, Map.of(), null);

    assertThat(event.getRequestContext().getAuthorizer()).isNull();
    assertThat(event.getPathParameters()).isNull();
    assertThat(event.getBody()).isEqualTo("{\"a\":1}");
  }
}
