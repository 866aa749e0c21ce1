package com.sqm.local.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.sqm.api.ApiRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Does locally what API Gateway's JWT authorizer does in AWS: checks the bearer token and hands its
 * claims to the function as strings, the way {@code requestContext.authorizer.jwt.claims} carries
 * them.
 */
public final class JwtAuthorizer {

  /** The outcome of checking one request's {@code Authorization} header. */
  public sealed interface Decision permits Allowed, Denied {}

  /** The token is valid; {@code claims} are what the function will see. */
  public record Allowed(Map<String, String> claims) implements Decision {}

  /** The request must be answered 401; {@code message} says why. */
  public record Denied(String message) implements Decision {}

  private final JWTVerifier verifier;

  public JwtAuthorizer(DevSigningKey key, Clock clock) {
    JWTVerifier.BaseVerification verification =
        (JWTVerifier.BaseVerification)
            JWT.require(key.algorithm())
                .withIssuer(DevTokenIssuer.ISSUER)
                .withAudience(DevTokenIssuer.AUDIENCE)
                // A token without an expiry would be good forever.
                .withClaimPresence("exp");
    this.verifier = verification.build(clock);
  }

  /** Checks an {@code Authorization} header value ({@code Bearer <jwt>}, or the bare token). */
  public Decision authorize(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return new Denied(
          "Missing bearer token: send 'Authorization: Bearer <token>' (get one with ./sqm token <user>).");
    }
    String token = authorizationHeader.strip();
    if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = token.substring(7).strip();
    }
    try {
      DecodedJWT jwt = verifier.verify(token);
      if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
        return new Denied("The token has no subject.");
      }
      String problem = ApiRequest.callerIdProblem(jwt.getSubject());
      if (problem != null) {
        return new Denied("The token's subject is not a usable user id: " + problem + ".");
      }
      return new Allowed(claimsAsStrings(jwt));
    } catch (TokenExpiredException e) {
      return new Denied("The token has expired; get a new one with ./sqm token <user>.");
    } catch (JWTVerificationException e) {
      return new Denied("The token is not valid for this server.");
    }
  }

  // API Gateway passes every claim as a string; arrays become "[a b c]".
  private static Map<String, String> claimsAsStrings(DecodedJWT jwt) {
    Map<String, String> claims = new LinkedHashMap<>();
    jwt.getClaims().forEach((name, claim) -> claims.put(name, asString(claim)));
    return claims;
  }

  private static String asString(Claim claim) {
    if (claim.asString() != null) {
      return claim.asString();
    }
    List<Object> list = claim.asList(Object.class);
    if (list != null) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
    }
    return claim.toString();
  }
}
