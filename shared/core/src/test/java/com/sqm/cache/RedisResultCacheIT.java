package com.sqm.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisResultCacheIT {

  @Test
  void shouldReturnValue_whenPutBefore() {
    try (RedisResultCache cache = RedisResultCache.connect(SharedTestServices.redis().url())) {
      String key = "answer:" + UUID.randomUUID();

      cache.put(key, "{\"rows\":[]}", Duration.ofMinutes(1));

      assertThat(cache.get(key)).contains("{\"rows\":[]}");
      assertThat(cache.get(key + ":other")).isEmpty();
      assertThatCode(cache::ping).doesNotThrowAnyException();
    }
  }

  @Test
  void shouldExpire_whenTtlPassed() throws InterruptedException {
    try (RedisResultCache cache = RedisResultCache.connect(SharedTestServices.redis().url())) {
      String key = "answer:" + UUID.randomUUID();

      cache.put(key, "v", Duration.ofSeconds(1));
      Thread.sleep(2_100);

      assertThat(cache.get(key)).isEmpty();
    }
  }

  @Test
  void shouldMissAndSkipWithoutThrowing_whenRedisDown() {
    try (RedisResultCache cache =
        RedisResultCache.connect("redis://127.0.0.1:" + FreePort.find())) {
      assertThatCode(() -> cache.put("k", "v", Duration.ofMinutes(1))).doesNotThrowAnyException();
      assertThat(cache.get("k")).isEmpty();
      assertThatThrownBy(cache::ping).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void shouldRememberNothing_whenNoRedisConfigured() {
    ResultCache cache = new NoOpResultCache();

    cache.put("k", "v", Duration.ofMinutes(1));

    assertThat(cache.get("k")).isEmpty();
  }
}
