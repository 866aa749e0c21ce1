package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

  @Test
  void shouldAllowNoOrigin_whenNothingConfigured() {
    CorsPolicy policy = CorsPolicy.none();

    assertThat(policy.allows("https://app.example")).isFalse();
    assertThat(policy.allows(null)).isFalse();
    assertThat(policy.allowedMethods()).containsExactlyElementsOf(CorsPolicy.DEFAULT_METHODS);
    assertThat(policy.allowedHeaders()).containsExactlyElementsOf(CorsPolicy.DEFAULT_HEADERS);
  }

  @Test
  void shouldAllowListedOriginsOnly_whenOriginsConfigured() {
    CorsPolicy policy =
        CorsPolicy.from(Map.of(CorsPolicy.ORIGINS, " https://app.example ,,https://b.example"));

    assertThat(policy.allowedOrigins()).containsExactly("https://app.example", "https://b.example");
    assertThat(policy.allows("https://app.example")).isTrue();
    assertThat(policy.allows("https://app.example.evil")).isFalse();
    assertThat(policy.allows("http://app.example")).isFalse();
    assertThat(policy.allows("")).isFalse();
  }

  @Test
  void shouldAllowAnyOrigin_whenStarConfigured() {
    CorsPolicy policy = CorsPolicy.from(Map.of(CorsPolicy.ORIGINS, "*"));

    assertThat(policy.allows("https://anything.example")).isTrue();
    assertThat(policy.allows(null)).isFalse();
  }

  @Test
  void shouldTakeMethodsAndHeaders_whenConfigured() {
    CorsPolicy policy =
        CorsPolicy.from(
            Map.of(CorsPolicy.METHODS, "get, post", CorsPolicy.HEADERS, "Authorization,X-Trace"));

    assertThat(policy.allowedMethods()).containsExactly("GET", "POST");
    assertThat(policy.allowedHeaders()).containsExactly("Authorization", "X-Trace");
  }
}
