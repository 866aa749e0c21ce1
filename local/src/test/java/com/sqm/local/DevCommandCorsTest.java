package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.local.gateway.ApiGatewayEventFactory;
import com.sqm.local.gateway.CorsPolicy;
import com.sqm.local.gateway.LocalApiGateway;
import com.sqm.local.gateway.Route;
import com.sqm.local.gateway.RouteTable;
import com.sqm.local.runtime.LocalRuntimeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sqm dev --cors-origin}: parsed into the runtime's settings and obeyed by the gateway.
 */
class DevCommandCorsTest {
  @TempDir Path dataDir;

  private LocalRuntimeOptions options(Map<String, String> environment, String... args)
      throws UsageException {
    return new DevCommand(System.out, dataDir, environment).options(List.of(args));
  }

  @Test
  void shouldAnswerPreflightOfGivenOriginOnly_whenDevRunsWithCorsOrigin() throws Exception {
    LocalRuntimeOptions options = options(Map.of(), "--cors-origin", "https://app.example");
    RouteTable routes =
        new RouteTable(
            List.of(
                new Route(
                    "POST",
                    "/queries",
                    "submit",
                    (event, context) -> APIGatewayV2HTTPResponse.builder().build(),
                    true)));

    try (LocalApiGateway gateway =
        LocalApiGateway.start(
            0,
            routes,
            new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC()),
            new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()),
            CorsPolicy.from(options.environment()),
            null)) {
      HttpResponse<Void> allowed = preflight(gateway, "https://app.example");
      HttpResponse<Void> other = preflight(gateway, "https://other.example");

      assertThat(allowed.headers().firstValue("access-control-allow-origin"))
          .contains("https://app.example");
      assertThat(allowed.headers().firstValue("access-control-allow-methods")).isPresent();
      assertThat(other.statusCode()).isEqualTo(204);
      assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
    }
  }

  private static HttpResponse<Void> preflight(LocalApiGateway gateway, String origin)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/queries"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .build(),
            HttpResponse.BodyHandlers.discarding());
  }

  @Test
  void shouldJoinEveryOrigin_whenCorsOriginRepeated() throws Exception {
    LocalRuntimeOptions options =
        options(
            Map.of(CorsPolicy.ORIGINS, "https://from-env.example"),
            "--cors-origin",
            "https://app.example",
            "--cors-origin=http://localhost:5173");

    assertThat(options.environment())
        .containsEntry(CorsPolicy.ORIGINS, "https://app.example,http://localhost:5173");
  }

  @Test
  void shouldKeepEnvironmentOrigins_whenNoCorsOriginGiven() throws Exception {
    LocalRuntimeOptions options = options(Map.of(CorsPolicy.ORIGINS, "https://from-env.example"));

    assertThat(options.environment()).containsEntry(CorsPolicy.ORIGINS, "https://from-env.example");
  }

  @Test
  void shouldRejectCorsOrigin_whenNotAnOrigin() {
    assertThatThrownBy(() -> options(Map.of(), "--cors-origin", "https://app.example/path"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--cors-origin");
    assertThatThrownBy(() -> options(Map.of(), "--cors-origin", "app.example"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--cors-origin");
  }
}
