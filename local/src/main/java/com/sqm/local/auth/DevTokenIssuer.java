package com.sqm.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sqm.api.ApiRequest;
import com.sqm.config.IdentitySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/** Issues the dev tokens that stand in for the identity provider's tokens when running locally. */
public final class DevTokenIssuer {
  public static final String ISSUER = "sqm-local";

  /** The API the tokens are for; the local authorizer accepts no other audience. */
  public static final String AUDIENCE = "sqm-api";

  public static final Duration DEFAULT_TTL = Duration.ofHours(12);

  /** Claims of the token itself, which cannot also hold the groups. */
  private static final List<String> REGISTERED_CLAIMS =
      List.of("iss", "aud", "sub", "iat", "exp", "nbf", "jti");

  /** The OAuth claim whose value is one space-separated string rather than a list. */
  private static final String SCOPE_CLAIM = "scope";

  private final DevSigningKey key;
  private final Clock clock;
  private final String groupsClaim;

  public DevTokenIssuer(DevSigningKey key, Clock clock) {
    this(key, clock, IdentitySettings.DEFAULT_GROUPS_CLAIM);
  }

  /** An issuer that lists a user's groups in {@code groupsClaim} (SQM_GROUPS_CLAIM). */
  public DevTokenIssuer(DevSigningKey key, Clock clock, String groupsClaim) {
    this.key = Objects.requireNonNull(key);
    this.clock = Objects.requireNonNull(clock);
    this.groupsClaim = Objects.requireNonNull(groupsClaim);
    if (groupsClaim.isBlank() || REGISTERED_CLAIMS.contains(groupsClaim)) {
      throw new IllegalArgumentException("not a usable groups claim: '" + groupsClaim + "'");
    }
  }

  /** A signed token whose {@code sub} is {@code userId}, in no group, valid for {@code ttl}. */
  public String issue(String userId, Duration ttl) {
    return issue(userId, List.of(), ttl);
  }

  /**
   * A signed token whose {@code sub} is {@code userId} and whose groups claim lists {@code groups}
   * (omitted when there are none), valid for {@code ttl}.
   */
  public String issue(String userId, Collection<String> groups, Duration ttl) {
    String problem = ApiRequest.callerIdProblem(userId);
    if (problem != null) {
      throw new IllegalArgumentException("not a usable user id: " + problem);
    }
    for (String group : groups) {
      String groupProblem = groupNameProblem(group);
      if (groupProblem != null) {
        throw new IllegalArgumentException("not a usable group name: " + groupProblem);
      }
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(userId)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)));
    if (!groups.isEmpty()) {
      List<String> names = groups.stream().distinct().toList();
      claims.claim(groupsClaim, SCOPE_CLAIM.equals(groupsClaim) ? String.join(" ", names) : names);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
            claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign the dev token", e);
    }
    return jwt.serialize();
  }

  /**
   * Why {@code group} cannot be a group name in a token, or null when it can: what a user id may
   * be, without blanks or commas, which separate the names of a groups claim.
   */
  public static String groupNameProblem(String group) {
    String problem = ApiRequest.callerIdProblem(group);
    if (problem != null) {
      return problem;
    }
    if (group.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
      return "it contains a blank or a comma";
    }
    if (group.startsWith("[") || group.endsWith("]")) {
      return "it starts with '[' or ends with ']'";
    }
    return null;
  }
}
