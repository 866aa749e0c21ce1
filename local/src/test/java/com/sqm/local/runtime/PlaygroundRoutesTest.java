package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.config.AppConfig;
import com.sqm.config.CoreComponents;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.local.gateway.ApiGatewayEventFactory;
import com.sqm.local.gateway.LocalApiGateway;
import com.sqm.model.DataSourceConfig;
import com.sqm.service.DataSourceChecks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local gateway with {@code ./sqm dev}'s own route table: the playground's routes open without
 * a token, as the template's {@code Authorizer: NONE} says, and the API's routes still ask for one.
 */
class PlaygroundRoutesTest {
  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private CoreComponents core;
  private LocalApiGateway gateway;

  @BeforeEach
  void startGateway() throws Exception {
    // Nothing here reaches the (unreachable) database: only routing and the authorizer run.
    core = CoreComponents.create(AppConfig.from(TemplateFile.dummySettings()));
    gateway =
        LocalApiGateway.start(
            0,
            LocalRuntime.routes(
                core,
                core.feedbackService((dataSource, sql) -> {}),
                core.dataSourceAdminService(new NoChecks())),
            new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC()),
            new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()));
  }

  @AfterEach
  void stop() {
    gateway.close();
    core.close();
  }

  @Test
  void shouldServeThePageWithoutAToken_whenRootIsRequested() throws Exception {
    HttpResponse<String> page = get("/");
    HttpResponse<String> script = get("/playground/app.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("content-security-policy"))
        .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));
    assertThat(page.body()).contains("id=\"ask-form\"");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("content-type"))
        .contains("text/javascript; charset=utf-8");
  }

  @Test
  void shouldStillAskForAToken_whenTheApiIsCalledWithoutOne() throws Exception {
    HttpResponse<String> query = get("/queries/" + UUID.randomUUID());
    HttpResponse<String> sources = get("/datasources");

    assertThat(query.statusCode()).isEqualTo(401);
    assertThat(sources.statusCode()).isEqualTo(401);
    assertThat(query.body()).contains("UNAUTHORIZED");
  }

  @Test
  void shouldAnswer404Json_whenAFileOutsideThePlaygroundIsAskedFor() throws Exception {
    HttpResponse<String> traversal = get("/playground/..%2F..%2Fopenapi.json");
    HttpResponse<String> deeper = get("/playground/x/app.js");

    assertThat(traversal.statusCode()).isEqualTo(404);
    assertThat(traversal.body()).contains("\"NOT_FOUND\"").doesNotContain("openapi\":");
    assertThat(deeper.statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Checks nothing: these tests never create a data source. */
  private static final class NoChecks implements DataSourceChecks {
    @Override
    public List<String> connect(DataSourceConfig dataSource) {
      return List.of();
    }

    @Override
    public void checkTemplateSql(DataSourceConfig dataSource, String sql) {}
  }
}
