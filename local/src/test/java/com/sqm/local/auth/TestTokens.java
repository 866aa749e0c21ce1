package com.sqm.local.auth;

import com.auth0.jwt.JWT;
import com.sqm.config.IdentitySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Dev tokens with groups, for tests: {@link DevTokenIssuer} issues plain user tokens only (the
 * {@code ./sqm token --admin} flag is another part's work), so an admin token is minted here with
 * the same key, issuer and audience, and the admin group in the default groups claim.
 */
public final class TestTokens {
  private TestTokens() {}

  /** A token for {@code user} in {@code groups}, signed with the data directory's dev key. */
  public static String withGroups(Path dataDir, String user, String... groups) {
    Instant now = Instant.now();
    return JWT.create()
        .withIssuer(DevTokenIssuer.ISSUER)
        .withAudience(DevTokenIssuer.AUDIENCE)
        .withSubject(user)
        .withArrayClaim(IdentitySettings.DEFAULTS.groupsClaim(), groups)
        .withIssuedAt(now)
        .withExpiresAt(now.plus(Duration.ofHours(1)))
        .sign(DevSigningKey.loadOrCreate(dataDir).algorithm());
  }

  /** A token for {@code user} in the admin group. */
  public static String admin(Path dataDir, String user) {
    return withGroups(dataDir, user, IdentitySettings.DEFAULTS.adminGroup());
  }
}
