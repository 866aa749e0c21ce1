package com.sqm.cache;

import com.sqm.service.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A token bucket per caller in Redis, shared by every function instance: {@code perMinute} permits
 * a minute, up to {@code perMinute} at once. One Lua script reads, refills and takes a permit
 * atomically on Redis' own clock. When Redis cannot be reached the limit is not enforced (a cache
 * outage must not stop questions), with a warning at most once a minute.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

  // KEYS[1] the bucket; ARGV[1] capacity, ARGV[2] permits per millisecond. Returns {allowed, wait
  // in ms}. TIME is Redis' clock, the same for every caller of the script.
  private static final String TAKE =
      """
      local capacity = tonumber(ARGV[1])
      local rate = tonumber(ARGV[2])
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(state[1]) or capacity
      local at = tonumber(state[2]) or now
      tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
      local allowed = 0
      local wait = 0
      if tokens >= 1 then
        tokens = tokens - 1
        allowed = 1
      else
        wait = math.ceil((1 - tokens) / rate)
      end
      redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
      redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
      return {allowed, wait}
      """;

  private final JedisPooled redis;
  private final String keyPrefix;
  private final int perMinute;
  private final WarningThrottle warnings = new WarningThrottle(Duration.ofMinutes(1));

  /** {@code name} tells the limits apart in Redis, e.g. "submit". */
  public RedisRateLimiter(JedisPooled redis, String name, int perMinute) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("a rate limit needs at least 1 permit a minute");
    }
    this.redis = redis;
    this.keyPrefix = "sqm:rate:" + name + ":";
    this.perMinute = perMinute;
  }

  @Override
  public Optional<Duration> tryAcquire(String caller) {
    try {
      Object reply =
          redis.eval(
              TAKE,
              List.of(keyPrefix + caller),
              List.of(String.valueOf(perMinute), String.valueOf(perMinute / 60_000.0)));
      List<?> result = (List<?>) reply;
      boolean allowed = ((Long) result.get(0)) == 1L;
      return allowed ? Optional.empty() : Optional.of(Duration.ofMillis((Long) result.get(1)));
    } catch (JedisException e) {
      long heldBack = warnings.tryWarn();
      if (heldBack >= 0) {
        log.warn(
            "rate limit not enforced, Redis is unavailable ({} similar warnings held back): {}",
            heldBack,
            e.getMessage());
      }
      return Optional.empty();
    }
  }
}
