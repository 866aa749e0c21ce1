package com.sqm.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentitySettingsTest {
  @Test
  void shouldUseDefaults_whenSettingsUnsetOrBlank() {
    assertThat(IdentitySettings.from(Map.<String, String>of()::get))
        .isEqualTo(IdentitySettings.DEFAULTS);
    assertThat(IdentitySettings.from(Map.of("SQM_GROUPS_CLAIM", " ", "SQM_ADMIN_GROUP", "")::get))
        .isEqualTo(new IdentitySettings("cognito:groups", "sqm-admins"));
  }

  @Test
  void shouldReadClaimAndAdminGroup_whenSet() {
    IdentitySettings identity =
        IdentitySettings.from(Map.of("SQM_GROUPS_CLAIM", " scope ", "SQM_ADMIN_GROUP", "ops")::get);

    assertThat(identity).isEqualTo(new IdentitySettings("scope", "ops"));
  }

  @Test
  void shouldCarryIdentitySettings_whenAppConfigIsRead() {
    Map<String, String> env =
        Map.of(
            "SQM_DB_URL", "jdbc:postgresql://localhost/sqm",
            "SQM_QUEUE_URL", "http://localhost/q",
            "SQM_GROUPS_CLAIM", "roles",
            "SQM_ADMIN_GROUP", "admins");

    assertThat(AppConfig.from(env::get).identity())
        .isEqualTo(new IdentitySettings("roles", "admins"));
  }
}
