package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.auth.IdentityProviderSettings;
import com.sqm.local.auth.JwksServer;
import com.sqm.local.auth.JwtAuthorizer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tokens the runtime's gateway trusts, from the settings {@code ./sqm dev} hands it. */
class LocalRuntimeAuthorizerTest {
  @TempDir Path dataDir;

  private String devToken(DevSigningKey key) {
    return new DevTokenIssuer(key, Clock.systemUTC()).issue("alice", Duration.ofHours(1));
  }

  @Test
  void shouldAcceptDevTokens_whenNoIdentityProviderIsSet() {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);

    JwtAuthorizer authorizer = LocalRuntime.authorizer(Map.of(), key);

    assertThat(authorizer.authorize(devToken(key))).isInstanceOf(JwtAuthorizer.Allowed.class);
  }

  @Test
  void shouldRefuseDevTokens_whenIdentityProviderIsSet() {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
    try (JwksServer jwks = JwksServer.start()) {
      JwtAuthorizer authorizer =
          LocalRuntime.authorizer(
              Map.of(
                  IdentityProviderSettings.JWKS_URL, jwks.url().toString(),
                  IdentityProviderSettings.ISSUER, DevTokenIssuer.ISSUER,
                  IdentityProviderSettings.AUDIENCE, DevTokenIssuer.AUDIENCE),
              key);

      assertThat(authorizer.authorize(devToken(key))).isInstanceOf(JwtAuthorizer.Denied.class);
    }
  }

  @Test
  void shouldNotStart_whenAudienceIsSetWithoutJwksUrl() {
    DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);

    assertThatThrownBy(
            () -> LocalRuntime.authorizer(Map.of(IdentityProviderSettings.AUDIENCE, "app"), key))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("identity provider settings");
  }
}
