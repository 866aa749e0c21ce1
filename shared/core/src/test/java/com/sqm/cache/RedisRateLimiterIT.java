package com.sqm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The per-caller token bucket on the real redis-server. */
class RedisRateLimiterIT {
  private static JedisPooled redis;

  @BeforeAll
  static void connect() {
    redis = RedisResultCache.client(SharedTestServices.redis().url());
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Test
  void shouldRefuseTheFourthWithAWait_whenThreeAMinuteAreAllowed() {
    RedisRateLimiter limiter = new RedisRateLimiter(redis, "test-" + UUID.randomUUID(), 3);
    List<Optional<Duration>> decisions = new ArrayList<>();

    for (int i = 0; i < 4; i++) {
      decisions.add(limiter.tryAcquire("alice"));
    }

    assertThat(decisions.subList(0, 3)).allMatch(Optional::isEmpty);
    // One permit comes back every 20 s.
    assertThat(decisions.get(3))
        .hasValueSatisfying(
            wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
  }

  @Test
  void shouldKeepCallersApart_whenOneIsOverTheLimit() {
    RedisRateLimiter limiter = new RedisRateLimiter(redis, "test-" + UUID.randomUUID(), 1);
    limiter.tryAcquire("alice");

    Optional<Duration> alice = limiter.tryAcquire("alice");
    Optional<Duration> bob = limiter.tryAcquire("bob");

    assertThat(alice).isPresent();
    assertThat(bob).isEmpty();
  }

  @Test
  void shouldLetEverythingThrough_whenRedisIsUnreachable() {
    try (JedisPooled dead = RedisResultCache.client("redis://127.0.0.1:" + FreePort.find())) {
      RedisRateLimiter limiter = new RedisRateLimiter(dead, "test", 1);

      assertThat(limiter.tryAcquire("alice")).isEmpty();
      assertThat(limiter.tryAcquire("alice")).isEmpty();
    }
  }
}
