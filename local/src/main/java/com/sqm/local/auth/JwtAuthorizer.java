package com.sqm.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.sqm.api.ApiRequest;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does locally what API Gateway's JWT authorizer does in AWS: checks the bearer token and hands its
 * claims to the function as strings, the way {@code requestContext.authorizer.jwt.claims} carries
 * them. It trusts either the runner's dev key (HS256 tokens from {@code ./sqm token}) or a real
 * identity provider's published keys (RS256 and ES256 tokens checked against its JWKS), never both;
 * either way a token must carry {@code exp} and {@code sub} and name the expected issuer and
 * audience.
 */
public final class JwtAuthorizer {
  private static final Logger log = LoggerFactory.getLogger(JwtAuthorizer.class);

  private static final int JWKS_TIMEOUT_MS = 2_000;
  private static final int JWKS_SIZE_LIMIT_BYTES = 256 * 1024;

  /** The outcome of checking one request's {@code Authorization} header. */
  public sealed interface Decision permits Allowed, Denied, Unavailable {}

  /** The token is valid; {@code claims} are what the function will see. */
  public record Allowed(Map<String, String> claims) implements Decision {}

  /** The request must be answered 401; {@code message} says why. */
  public record Denied(String message) implements Decision {}

  /**
   * The token cannot be checked now because the identity provider's keys cannot be fetched: 503,
   * not 401, since the token may well be good and the client should retry rather than sign in
   * again.
   */
  public record Unavailable(String message) implements Decision {}

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String newTokenHint;
  private final AtomicBoolean keysReachable;

  private JwtAuthorizer(
      JWSKeySelector<SecurityContext> keys,
      String issuer,
      String audience,
      Clock clock,
      String newTokenHint,
      AtomicBoolean keysReachable) {
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(keys);
    // RFC 9068 access tokens are typed at+jwt; others carry JWT or no type.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWTClaimsSetVerifier(new ClaimsVerifier(issuer, audience, clock));
    this.newTokenHint = newTokenHint;
    this.keysReachable = keysReachable;
  }

  /** Accepts the dev tokens {@code ./sqm token} signs with {@code key} (HS256 only). */
  public JwtAuthorizer(DevSigningKey key, Clock clock) {
    this(
        new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key.secret())),
        DevTokenIssuer.ISSUER,
        DevTokenIssuer.AUDIENCE,
        clock,
        "get one with ./sqm token <user>",
        new AtomicBoolean(true));
  }

  /**
   * Accepts RS256 and ES256 tokens of the identity provider {@code provider} describes, verified
   * with the keys its JWKS URL publishes: fetched on first use, cached, fetched again when a token
   * names an unknown key (rotation), at most twice per {@link
   * IdentityProviderSettings#refetchInterval()}.
   */
  public static JwtAuthorizer forIdentityProvider(IdentityProviderSettings provider, Clock clock) {
    URL url;
    try {
      url = provider.jwksUrl().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("the JWKS URL is not a URL: " + e.getMessage(), e);
    }
    AtomicBoolean reachable = new AtomicBoolean(true);
    ResourceRetriever http =
        new DefaultResourceRetriever(JWKS_TIMEOUT_MS, JWKS_TIMEOUT_MS, JWKS_SIZE_LIMIT_BYTES);
    ResourceRetriever tracked = target -> fetch(http, target, reachable);
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.<SecurityContext>create(url, tracked)
            .cache(provider.cacheTtl().toMillis(), JWKS_TIMEOUT_MS * 2L)
            // No background refresh thread: keys are fetched when a request needs them.
            .refreshAheadCache(false)
            .rateLimited(provider.refetchInterval().toMillis())
            .build();
    return new JwtAuthorizer(
        new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys),
        provider.issuer(),
        provider.audience(),
        clock,
        "get a new one from your identity provider",
        reachable);
  }

  private static Resource fetch(ResourceRetriever http, URL target, AtomicBoolean reachable)
      throws IOException {
    try {
      Resource resource = http.retrieveResource(target);
      reachable.set(true);
      return resource;
    } catch (IOException e) {
      reachable.set(false);
      log.warn("could not fetch the identity provider's keys from {}: {}", target, e.toString());
      throw e;
    }
  }

  /** Checks an {@code Authorization} header value ({@code Bearer <jwt>}, or the bare token). */
  public Decision authorize(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return new Denied(
          "Missing bearer token: send 'Authorization: Bearer <token>' (" + newTokenHint + ").");
    }
    String token = authorizationHeader.strip();
    if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = token.substring(7).strip();
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ExpiredJWTException e) {
      return new Denied("The token has expired; " + newTokenHint + ".");
    } catch (BadJWTException e) {
      // Missing exp or sub, wrong issuer or audience: the library's sentence names which.
      return new Denied("The token is not valid for this server: " + e.getMessage() + ".");
    } catch (RateLimitReachedException e) {
      return keysReachable.get()
          ? new Denied("The token is signed with a key the identity provider does not publish.")
          : unavailable();
    } catch (KeySourceException e) {
      return unavailable();
    } catch (BadJOSEException | JOSEException | ParseException e) {
      // Bad signature, an algorithm we do not accept (none, HS256 against public keys), not a JWT.
      return new Denied("The token is not valid for this server.");
    }
    String problem = ApiRequest.callerIdProblem(claims.getSubject());
    if (problem != null) {
      return new Denied("The token's subject is not a usable user id: " + problem + ".");
    }
    return new Allowed(claimsAsStrings(claims));
  }

  private static Unavailable unavailable() {
    return new Unavailable(
        "The identity provider's signing keys cannot be fetched, so the token cannot be checked;"
            + " try again shortly.");
  }

  // API Gateway passes every claim as a string; arrays become "[a b c]", dates epoch seconds.
  private static Map<String, String> claimsAsStrings(JWTClaimsSet claims) {
    Map<String, String> strings = new LinkedHashMap<>();
    claims.toJSONObject().forEach((name, value) -> strings.put(name, asString(value)));
    return strings;
  }

  private static String asString(Object value) {
    if (value instanceof Collection<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
    }
    if (value instanceof Map<?, ?> object) {
      @SuppressWarnings("unchecked")
      Map<String, ?> json = (Map<String, ?>) object;
      return JSONObjectUtils.toJSONString(json);
    }
    return String.valueOf(value);
  }

  /** Issuer, audience, {@code exp} and {@code sub} required, times read from {@code clock}. */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;

    ClaimsVerifier(String issuer, String audience, Clock clock) {
      super(
          Set.of(audience),
          new JWTClaimsSet.Builder().issuer(issuer).build(),
          Set.of("exp", "sub"),
          null);
      this.clock = clock;
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }
  }
}
