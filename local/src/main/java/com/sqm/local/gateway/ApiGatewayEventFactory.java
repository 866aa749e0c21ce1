package com.sqm.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the HTTP API payload v2.0 event API Gateway would hand the function for a request, so the
 * handlers run locally on exactly the input they get in AWS.
 */
public final class ApiGatewayEventFactory {
  static final String ACCOUNT_ID = "000000000000";
  static final String API_ID = "local";
  static final String STAGE = "$default";
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Supplier<String> requestIds;

  public ApiGatewayEventFactory(Clock clock, Supplier<String> requestIds) {
    this.clock = clock;
    this.requestIds = requestIds;
  }

  /**
   * The event for {@code request} matched to {@code route}; {@code claims} are the verified JWT
   * claims, or null when the route has no authorizer.
   */
  public APIGatewayV2HTTPEvent build(
      IncomingRequest request,
      Route route,
      Map<String, String> pathParameters,
      Map<String, String> claims) {
    Instant now = clock.instant();
    Map<String, String> headers = joinedLowerCaseHeaders(request);
    List<String> cookies = extractCookies(headers);
    String host = headers.getOrDefault("host", "localhost");
    String domainName = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;

    RequestContext.Authorizer authorizer = null;
    if (claims != null) {
      authorizer =
          RequestContext.Authorizer.builder()
              .withJwt(
                  RequestContext.Authorizer.JWT
                      .builder()
                      .withClaims(Map.copyOf(claims))
                      .withScopes(null)
                      .build())
              .build();
    }
    RequestContext context =
        RequestContext.builder()
            .withRouteKey(route.routeKey())
            .withAccountId(ACCOUNT_ID)
            .withStage(STAGE)
            .withApiId(API_ID)
            .withDomainName(domainName)
            .withDomainPrefix(
                domainName.contains(".")
                    ? domainName.substring(0, domainName.indexOf('.'))
                    : domainName)
            .withTime(REQUEST_TIME.format(now))
            .withTimeEpoch(now.toEpochMilli())
            .withHttp(
                RequestContext.Http.builder()
                    .withMethod(request.method().toUpperCase(Locale.ROOT))
                    .withPath(request.rawPath())
                    .withProtocol(request.protocol())
                    .withSourceIp(request.sourceIp())
                    .withUserAgent(headers.get("user-agent"))
                    .build())
            .withAuthorizer(authorizer)
            .withRequestId(requestIds.get())
            .build();

    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(route.routeKey())
        .withRawPath(request.rawPath())
        .withRawQueryString(request.rawQuery())
        .withCookies(cookies)
        .withHeaders(headers)
        .withQueryStringParameters(queryParameters(request.rawQuery()))
        .withPathParameters(
            pathParameters == null || pathParameters.isEmpty() ? null : Map.copyOf(pathParameters))
        .withStageVariables(null)
        .withBody(request.body() == null || request.body().isEmpty() ? null : request.body())
        .withIsBase64Encoded(false)
        .withRequestContext(context)
        .build();
  }

  // API Gateway lower-cases header names and joins repeated headers with commas.
  private static Map<String, String> joinedLowerCaseHeaders(IncomingRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) -> {
              String key = name.toLowerCase(Locale.ROOT);
              String joined = String.join(",", values);
              headers.merge(key, joined, (a, b) -> a + "," + b);
            });
    return headers;
  }

  // Payload v2 moves cookies out of the headers into their own list.
  private static List<String> extractCookies(Map<String, String> headers) {
    String cookieHeader = headers.remove("cookie");
    if (cookieHeader == null || cookieHeader.isBlank()) {
      return null;
    }
    List<String> cookies = new ArrayList<>();
    Arrays.stream(cookieHeader.split("[;,]"))
        .map(String::strip)
        .filter(c -> !c.isEmpty())
        .forEach(cookies::add);
    return cookies;
  }

  /** Decoded query parameters, repeated names joined with commas; null when there are none. */
  static Map<String, String> queryParameters(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      parameters.merge(name, value, (a, b) -> a + "," + b);
    }
    return parameters.isEmpty() ? null : parameters;
  }
}
