package com.sqm.local.auth;

import com.auth0.jwt.JWT;
import com.sqm.api.ApiRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Issues the dev tokens that stand in for the identity provider's tokens when running locally. */
public final class DevTokenIssuer {
  public static final String ISSUER = "sqm-local";

  /** The API the tokens are for; the local authorizer accepts no other audience. */
  public static final String AUDIENCE = "sqm-api";

  public static final Duration DEFAULT_TTL = Duration.ofHours(12);

  private final DevSigningKey key;
  private final Clock clock;

  public DevTokenIssuer(DevSigningKey key, Clock clock) {
    this.key = Objects.requireNonNull(key);
    this.clock = Objects.requireNonNull(clock);
  }

  /** A signed token whose {@code sub} is {@code userId}, valid for {@code ttl}. */
  public String issue(String userId, Duration ttl) {
    String problem = ApiRequest.callerIdProblem(userId);
    if (problem != null) {
      throw new IllegalArgumentException("not a usable user id: " + problem);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    Instant now = clock.instant();
    return JWT.create()
        .withIssuer(ISSUER)
        .withAudience(AUDIENCE)
        .withSubject(userId)
        .withIssuedAt(now)
        .withExpiresAt(now.plus(ttl))
        .sign(key.algorithm());
  }
}
