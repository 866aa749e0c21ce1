package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sqm.api.ApiRequest;
import com.sqm.config.IdentitySettings;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.auth.IdentityProviderSettings;
import com.sqm.local.auth.JwksServer;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.model.Caller;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who the functions see as the caller behind the local gateway: the groups claim reaches {@link
 * ApiRequest#caller}, in dev-token and identity-provider mode alike.
 */
class LocalApiGatewayIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger calls = new AtomicInteger();
  private LocalApiGateway gateway;

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** A gateway whose one route answers with the caller the handler sees. */
  private void startGateway(JwtAuthorizer authorizer, IdentitySettings identity)
      throws IOException {
    Route whoami =
        new Route(
            "GET",
            "/whoami",
            "whoami",
            (event, context) -> {
              calls.incrementAndGet();
              Caller caller = ApiRequest.of(event).caller(identity);
              String body =
                  JSON.createObjectNode()
                      .put("id", caller.id())
                      .put("admin", caller.admin())
                      .set("groups", JSON.valueToTree(caller.groups()))
                      .toString();
              return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody(body).build();
            },
            true);
    gateway =
        LocalApiGateway.start(
            0,
            new RouteTable(List.of(whoami)),
            authorizer,
            new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()));
  }

  private HttpResponse<String> whoami(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/whoami"))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldSeeAnAdmin_whenDevTokenListsTheAdminGroup() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    DevTokenIssuer issuer = new DevTokenIssuer(key, Clock.systemUTC());
    startGateway(new JwtAuthorizer(key, Clock.systemUTC()), IdentitySettings.DEFAULTS);

    JsonNode admin =
        JSON.readTree(
            whoami(issuer.issue("root", List.of("sqm-admins", "ops"), Duration.ofHours(1))).body());
    JsonNode plain =
        JSON.readTree(whoami(issuer.issue("alice", List.of("ops"), Duration.ofHours(1))).body());

    assertThat(admin.path("id").asText()).isEqualTo("root");
    assertThat(admin.path("admin").asBoolean()).isTrue();
    assertThat(plain.path("admin").asBoolean()).isFalse();
    assertThat(plain.path("groups").toString()).isEqualTo("[\"ops\"]");
  }

  @Test
  void shouldSeeAnAdmin_whenIdentityProviderTokenListsTheAdminGroup() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
    try (JwksServer jwks = JwksServer.start()) {
      jwks.publish(List.of(key));
      startGateway(
          JwtAuthorizer.forIdentityProvider(
              IdentityProviderSettings.of(jwks.url().toString(), "https://idp.test", "app"),
              Clock.systemUTC()),
          new IdentitySettings("roles", "admins"));
      SignedJWT token =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
              new JWTClaimsSet.Builder()
                  .issuer("https://idp.test")
                  .audience("app")
                  .subject("dana")
                  .claim("roles", List.of("admins"))
                  .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                  .build());
      token.sign(new RSASSASigner(key));

      HttpResponse<String> response = whoami(token.serialize());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).path("admin").asBoolean()).isTrue();
    }
  }

  @Test
  void shouldAnswer503WithoutCallingHandler_whenIdentityProviderKeysCannotBeFetched()
      throws Exception {
    URI down;
    try (JwksServer jwks = JwksServer.start()) {
      down = jwks.url();
    }
    startGateway(
        JwtAuthorizer.forIdentityProvider(
            IdentityProviderSettings.of(down.toString(), "https://idp.test", "app"),
            Clock.systemUTC()),
        IdentitySettings.DEFAULTS);

    HttpResponse<String> response = whoami("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("retry-after")).contains("5");
    assertThat(JSON.readTree(response.body()).at("/error/code").asText())
        .isEqualTo("AUTH_UNAVAILABLE");
    assertThat(calls.get()).isZero();
  }

  @Test
  void shouldAnswer401_whenDevTokenMeetsIdentityProviderMode() throws Exception {
    try (JwksServer jwks = JwksServer.start()) {
      jwks.publish(List.of(new RSAKeyGenerator(2048).keyID("k1").generate()));
      startGateway(
          JwtAuthorizer.forIdentityProvider(
              IdentityProviderSettings.of(jwks.url().toString(), DevTokenIssuer.ISSUER, "sqm-api"),
              Clock.systemUTC()),
          IdentitySettings.DEFAULTS);
      String dev =
          new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC())
              .issue("alice", List.of("sqm-admins"), Duration.ofHours(1));

      HttpResponse<String> response = whoami(dev);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(calls.get()).isZero();
    }
  }
}
