package com.sqm.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authorizer in identity-provider mode against a JWKS served over real HTTP on 127.0.0.1. */
class JwtAuthorizerJwksTest {
  private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String ISSUER = "https://idp.example.test/pool-1";
  private static final String AUDIENCE = "sqm-client-id";

  private static RSAKey rsa;
  private static RSAKey rotatedRsa;
  private static ECKey ec;

  private JwksServer jwks;
  private JwtAuthorizer authorizer;

  @BeforeAll
  static void generateKeys() throws JOSEException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    rotatedRsa = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
  }

  @BeforeEach
  void startJwks() {
    jwks = JwksServer.start();
    jwks.publish(List.of(rsa, ec));
    authorizer = authorizerFor(jwks);
  }

  @AfterEach
  void stopJwks() {
    jwks.close();
  }

  /** Refetches limited to two an hour, so no test depends on how fast it runs. */
  private static JwtAuthorizer authorizerFor(JwksServer server) {
    return JwtAuthorizer.forIdentityProvider(
        new IdentityProviderSettings(
            server.url(), ISSUER, AUDIENCE, Duration.ofHours(2), Duration.ofHours(1)),
        CLOCK);
  }

  private static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject("alice")
        .claim("cognito:groups", List.of("analysts", "sqm-admins"))
        .issueTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
  }

  private static String signed(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims)
      throws JOSEException {
    JWSSigner signer =
        key instanceof RSAKey rsaKey ? new RSASSASigner(rsaKey) : new ECDSASigner((ECKey) key);
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String rs256(JWTClaimsSet claims) throws JOSEException {
    return signed(rsa, JWSAlgorithm.RS256, claims);
  }

  @Test
  void shouldAllowWithGroupsAsApiGatewayPassesThem_whenRs256TokenIsValid() throws Exception {
    JwtAuthorizer.Decision decision =
        authorizer.authorize("Bearer " + rs256(validClaims().build()));

    assertThat(decision)
        .isInstanceOfSatisfying(
            JwtAuthorizer.Allowed.class,
            allowed ->
                assertThat(allowed.claims())
                    .containsEntry("sub", "alice")
                    .containsEntry("iss", ISSUER)
                    .containsEntry("aud", AUDIENCE)
                    .containsEntry("cognito:groups", "[analysts sqm-admins]")
                    .containsEntry(
                        "exp", String.valueOf(NOW.plus(Duration.ofHours(1)).getEpochSecond())));
  }

  @Test
  void shouldAllow_whenEs256TokenIsValid() throws Exception {
    String token = signed(ec, JWSAlgorithm.ES256, validClaims().subject("bob").build());

    assertThat(authorizer.authorize("Bearer " + token))
        .isInstanceOfSatisfying(
            JwtAuthorizer.Allowed.class,
            allowed -> assertThat(allowed.claims()).containsEntry("sub", "bob"));
  }

  @Test
  void shouldFetchKeysOnce_whenSeveralTokensUseKnownKeys() throws Exception {
    authorizer.authorize(rs256(validClaims().build()));
    authorizer.authorize(signed(ec, JWSAlgorithm.ES256, validClaims().build()));
    authorizer.authorize(rs256(validClaims().subject("carol").build()));

    assertThat(jwks.fetches()).isEqualTo(1);
  }

  @Test
  void shouldDenySayingExpired_whenTokenExpired() throws Exception {
    String token =
        rs256(validClaims().expirationTime(Date.from(NOW.minus(Duration.ofHours(1)))).build());

    assertThat(authorizer.authorize(token))
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class,
            denied ->
                assertThat(denied.message())
                    .contains("expired")
                    .contains("identity provider")
                    .doesNotContain("./sqm token"));
  }

  @Test
  void shouldDeny_whenTokenHasNoExpiry() throws Exception {
    String token = rs256(validClaims().expirationTime(null).build());

    assertThat(authorizer.authorize(token))
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class, denied -> assertThat(denied.message()).contains("exp"));
  }

  @Test
  void shouldDeny_whenIssuerIsAnother() throws Exception {
    String token = rs256(validClaims().issuer("https://evil.example.test/").build());

    assertThat(authorizer.authorize(token))
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class, denied -> assertThat(denied.message()).contains("iss"));
  }

  @Test
  void shouldDeny_whenAudienceIsAnother() throws Exception {
    String token = rs256(validClaims().audience("another-app").build());

    assertThat(authorizer.authorize(token))
        .isInstanceOfSatisfying(
            JwtAuthorizer.Denied.class,
            denied -> assertThat(denied.message()).containsIgnoringCase("aud"));
  }

  @Test
  void shouldRefetchAndAllow_whenTokenNamesAKeyPublishedAfterRotation() throws Exception {
    assertThat(authorizer.authorize(rs256(validClaims().build())))
        .isInstanceOf(JwtAuthorizer.Allowed.class);
    jwks.publish(List.of(rotatedRsa, ec));

    JwtAuthorizer.Decision decision =
        authorizer.authorize(signed(rotatedRsa, JWSAlgorithm.RS256, validClaims().build()));

    assertThat(decision).isInstanceOf(JwtAuthorizer.Allowed.class);
    assertThat(jwks.fetches()).isEqualTo(2);
  }

  @Test
  void shouldDenyWithoutFetchingAgain_whenUnknownKidsExceedTheRefetchLimit() throws Exception {
    RSAKey unpublished = new RSAKeyGenerator(2048).keyID("forged").generate();
    String forged = signed(unpublished, JWSAlgorithm.RS256, validClaims().build());

    List<JwtAuthorizer.Decision> decisions =
        List.of(
            authorizer.authorize(forged),
            authorizer.authorize(forged),
            authorizer.authorize(forged),
            authorizer.authorize(forged));

    assertThat(decisions).allMatch(JwtAuthorizer.Denied.class::isInstance);
    assertThat(((JwtAuthorizer.Denied) decisions.get(3)).message()).contains("does not publish");
    assertThat(jwks.fetches()).isEqualTo(2);
  }

  @Test
  void shouldDeny_whenTokenIsUnsigned() {
    String header =
        Base64URL.encode("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)).toString();
    String unsigned = header + "." + validClaims().build().toPayload().toBase64URL() + ".";

    assertThat(authorizer.authorize(unsigned)).isInstanceOf(JwtAuthorizer.Denied.class);
  }

  @Test
  void shouldDeny_whenHs256TokenIsSignedWithThePublishedRsaPublicKey() throws Exception {
    // Algorithm confusion: a verifier that took the RSA public key as an HMAC secret would accept.
    SignedJWT confused =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(),
            validClaims().build());
    confused.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));

    assertThat(authorizer.authorize(confused.serialize())).isInstanceOf(JwtAuthorizer.Denied.class);
  }

  @Test
  void shouldDeny_whenTokenIsADevToken(@TempDir Path dataDir) {
    String dev =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir), CLOCK)
            .issue("alice", Duration.ofHours(1));

    assertThat(authorizer.authorize(dev)).isInstanceOf(JwtAuthorizer.Denied.class);
  }

  @Test
  void shouldDeny_whenSignatureDoesNotMatch() throws Exception {
    String token = rs256(validClaims().build());
    String tampered =
        token.substring(0, token.lastIndexOf('.') + 1)
            + "AAAA"
            + token.substring(token.lastIndexOf('.') + 5);

    assertThat(authorizer.authorize(tampered)).isInstanceOf(JwtAuthorizer.Denied.class);
  }

  @Test
  void shouldSayUnavailable_whenJwksServerIsDown() throws Exception {
    jwks.close();

    List<JwtAuthorizer.Decision> decisions =
        List.of(
            authorizer.authorize(rs256(validClaims().build())),
            authorizer.authorize(rs256(validClaims().build())),
            authorizer.authorize(rs256(validClaims().build())));

    assertThat(decisions)
        .allSatisfy(
            decision ->
                assertThat(decision)
                    .isInstanceOfSatisfying(
                        JwtAuthorizer.Unavailable.class,
                        unavailable -> assertThat(unavailable.message()).contains("signing keys")));
  }

  @Test
  void shouldSayUnavailable_whenJwksServerAnswers500() throws Exception {
    jwks.answerWith(500);

    assertThat(authorizer.authorize(rs256(validClaims().build())))
        .isInstanceOf(JwtAuthorizer.Unavailable.class);
  }

  @Test
  void shouldKeepAllowingKnownKeys_whenJwksServerGoesDownAfterFetching() throws Exception {
    authorizer.authorize(rs256(validClaims().build()));
    jwks.close();

    assertThat(authorizer.authorize(rs256(validClaims().subject("bob").build())))
        .isInstanceOf(JwtAuthorizer.Allowed.class);
  }
}
