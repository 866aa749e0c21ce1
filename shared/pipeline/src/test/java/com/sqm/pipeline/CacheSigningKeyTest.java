package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheSigningKeyTest {

  @Test
  void shouldUseTheConfiguredSecret_whenItIsLongEnough() {
    String secret = "s".repeat(CacheSigningKey.MIN_LENGTH);

    byte[] key = CacheSigningKey.from(Map.of(CacheSigningKey.SETTING, secret)::get);

    assertThat(key).isEqualTo(secret.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldRefuseToStartNamingTheSetting_whenTheSecretIsTooShort() {
    assertThatThrownBy(() -> CacheSigningKey.from(Map.of(CacheSigningKey.SETTING, "short")::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(CacheSigningKey.SETTING);
  }

  @Test
  void shouldMakeADifferentKeyEachTime_whenNoneIsConfigured() {
    byte[] first = CacheSigningKey.from(name -> null);
    byte[] second = CacheSigningKey.from(name -> null);

    assertThat(first).hasSize(32).isNotEqualTo(second);
  }
}
