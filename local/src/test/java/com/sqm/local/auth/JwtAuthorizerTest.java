package com.sqm.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthorizerTest {
  private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dataDir;
  @TempDir Path otherDataDir;

  @Test
  void shouldAllowWithStringClaims_whenTokenIsValid() {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    String token = new DevTokenIssuer(key, CLOCK).issue("alice", Duration.ofHours(12));

    JwtAuthorizer.Decision decision = new JwtAuthorizer(key, CLOCK).authorize("Bearer " + token);

    assertThat(decision)
        .isInstanceOfSatisfying(
            JwtAuthorizer.Allowed.class,
            allowed -> {
              assertThat(allowed.claims())
                  .containsEntry("sub", "alice")
                  .containsEntry("iss", "sqm-local");
              assertThat(allowed.claims().get("exp"))
                  .isEqualTo(String.valueOf(NOW.plus(Duration.ofHours(12)).getEpochSecond()));
            });
  }

  @Test
  void shouldAcceptBareToken_likeApiGatewayIdentitySource() {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    String token = new DevTokenIssuer(key, CLOCK).issue("alice", Duration.ofHours(1));

    assertThat(new JwtAuthorizer(key, CLOCK).authorize(token))
        .isInstanceOf(JwtAuthorizer.Allowed.class);
  }

  @Test
  void shouldDeny_whenTokenExpired() {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    String token =
        new DevTokenIssuer(key, Clock.fixed(NOW.minus(Duration.ofHours(13)), ZoneOffset.UTC))
            .issue("alice", Duration.ofHours(12));

    JwtAuthorizer.Decision decision = new JwtAuthorizer(key, CLOCK).authorize("Bearer " + token);

    assertThat(decision)
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class, denied -> assertThat(denied.message()).contains("expired"));
  }

  @Test
  void shouldDeny_whenTokenHasNoExpiry() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    String forever = signed(key, "alice", DevTokenIssuer.AUDIENCE, null);

    assertThat(new JwtAuthorizer(key, CLOCK).authorize("Bearer " + forever))
        .isInstanceOf(JwtAuthorizer.Denied.class);
  }

  @Test
  void shouldDeny_whenTokenIsForAnotherAudience() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    String elsewhere = signed(key, "alice", "another-api", NOW.plus(Duration.ofHours(1)));

    assertThat(new JwtAuthorizer(key, CLOCK).authorize("Bearer " + elsewhere))
        .isInstanceOf(JwtAuthorizer.Denied.class);
  }

  @Test
  void shouldDenyNaming_whenSubjectHoldsAControlCharacter() throws Exception {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    String nul = signed(key, "alice\u0000", DevTokenIssuer.AUDIENCE, NOW.plus(Duration.ofHours(1)));

    JwtAuthorizer.Decision decision = new JwtAuthorizer(key, CLOCK).authorize("Bearer " + nul);

    assertThat(decision)
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class,
            denied -> assertThat(denied.message()).contains("control characters"));
  }

  @Test
  void shouldDeny_whenSignedWithAnotherKey() {
    String foreign =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(otherDataDir), CLOCK)
            .issue("mallory", Duration.ofHours(1));

    JwtAuthorizer.Decision decision =
        new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), CLOCK)
            .authorize("Bearer " + foreign);

    assertThat(decision)
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class,
            denied -> assertThat(denied.message()).contains("not valid"));
  }

  @Test
  void shouldDeny_whenHeaderMissingOrBlank() {
    JwtAuthorizer authorizer = new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), CLOCK);

    assertThat(authorizer.authorize(null))
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class,
            denied -> assertThat(denied.message()).contains("Missing bearer token"));
    assertThat(authorizer.authorize("  ")).isInstanceOf(JwtAuthorizer.Denied.class);
  }

  @Test
  void shouldDeny_whenTokenIsGarbage() {
    JwtAuthorizer authorizer = new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), CLOCK);

    assertThat(authorizer.authorize("Bearer not.a.jwt")).isInstanceOf(JwtAuthorizer.Denied.class);
    assertThat(authorizer.authorize("Bearer ")).isInstanceOf(JwtAuthorizer.Denied.class);
  }

  /** A token of this server's issuer and key, as no well-behaved issuer would write it. */
  private static String signed(DevSigningKey key, String subject, String audience, Instant expiry)
      throws JOSEException {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(DevTokenIssuer.ISSUER)
            .audience(audience)
            .subject(subject);
    if (expiry != null) {
      claims.expirationTime(Date.from(expiry));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(key.signer());
    return jwt.serialize();
  }
}
