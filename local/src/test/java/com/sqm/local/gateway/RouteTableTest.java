package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> HANDLER =
      (event, context) -> APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();

  private final RouteTable table =
      new RouteTable(
          List.of(
              new Route("POST", "/queries", "submit", HANDLER, true),
              new Route("GET", "/queries/{id}", "get", HANDLER, true),
              new Route("GET", "/users/{userId}/queries", "list", HANDLER, true),
              new Route("GET", "/health", "health", HANDLER, false)));

  @Test
  void shouldMatchExactRoute_whenPathHasNoParameters() {
    RouteMatch match = table.match("POST", "/queries");

    assertThat(match)
        .isInstanceOfSatisfying(
            RouteMatch.Found.class,
            found -> {
              assertThat(found.route().routeKey()).isEqualTo("POST /queries");
              assertThat(found.pathParameters()).isEmpty();
            });
  }

  @Test
  void shouldBindPathParameter_whenTemplateHasPlaceholder() {
    RouteMatch match = table.match("GET", "/queries/7d1e2f3a-0000-4000-8000-000000000001");

    assertThat(match)
        .isInstanceOfSatisfying(
            RouteMatch.Found.class,
            found -> {
              assertThat(found.route().routeKey()).isEqualTo("GET /queries/{id}");
              assertThat(found.pathParameters())
                  .containsExactly(Map.entry("id", "7d1e2f3a-0000-4000-8000-000000000001"));
            });
  }

  @Test
  void shouldDecodePathParameter_whenSegmentIsPercentEncoded() {
    RouteMatch match = table.match("GET", "/users/alice%40example.com/queries");

    assertThat(match)
        .isInstanceOfSatisfying(
            RouteMatch.Found.class,
            found ->
                assertThat(found.pathParameters()).containsEntry("userId", "alice@example.com"));
  }

  @Test
  void shouldKeepPlusLiteral_whenPathSegmentContainsPlus() {
    RouteMatch match = table.match("GET", "/users/a+b/queries");

    assertThat(match)
        .isInstanceOfSatisfying(
            RouteMatch.Found.class,
            found -> assertThat(found.pathParameters()).containsEntry("userId", "a+b"));
  }

  @Test
  void shouldMatchMethodCaseInsensitively_whenClientSendsLowerCase() {
    assertThat(table.match("get", "/health")).isInstanceOf(RouteMatch.Found.class);
  }

  @Test
  void shouldReportMethodNotAllowed_whenPathExistsForOtherMethod() {
    RouteMatch match = table.match("DELETE", "/queries/abc");

    assertThat(match)
        .isInstanceOfSatisfying(
            RouteMatch.MethodNotAllowed.class,
            notAllowed -> assertThat(notAllowed.allowedMethods()).isEqualTo(Set.of("GET")));
  }

  @Test
  void shouldReportNotFound_whenNoTemplateFits() {
    assertThat(table.match("GET", "/nope")).isInstanceOf(RouteMatch.NotFound.class);
    assertThat(table.match("GET", "/queries/a/b")).isInstanceOf(RouteMatch.NotFound.class);
    assertThat(table.match("GET", "/")).isInstanceOf(RouteMatch.NotFound.class);
  }

  @Test
  void shouldNotMatchParameter_whenSegmentIsEmpty() {
    assertThat(table.match("GET", "/queries/")).isInstanceOf(RouteMatch.NotFound.class);
    assertThat(table.match("GET", "/users//queries")).isInstanceOf(RouteMatch.NotFound.class);
  }

  @Test
  void shouldTreatTrailingSlashAsDifferentPath_likeApiGateway() {
    assertThat(table.match("POST", "/queries/")).isInstanceOf(RouteMatch.NotFound.class);
  }
}
