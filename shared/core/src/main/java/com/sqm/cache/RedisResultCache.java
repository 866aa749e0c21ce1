package com.sqm.cache;

import java.time.Duration;
import java.util.Optional;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link ResultCache} on Redis. A cache must never fail a query: when Redis is unreachable a get is
 * a miss and a put is skipped, with a warning at most once a minute (every query would otherwise
 * log one); only {@link #ping()} reports the failure.
 */
public final class RedisResultCache implements ResultCache, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisResultCache.class);
  private static final int TIMEOUT_MS = 500;
  private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
  private final JedisPooled redis;
  private final WarningThrottle warnings;

  public RedisResultCache(JedisPooled redis) {
    this(redis, new WarningThrottle(WARNING_INTERVAL));
  }

  RedisResultCache(JedisPooled redis, WarningThrottle warnings) {
    this.redis = redis;
    this.warnings = warnings;
  }

  /** Connects lazily to {@code redisUrl} (e.g. {@code redis://host:6379}) with short timeouts. */
  public static RedisResultCache connect(String redisUrl) {
    return new RedisResultCache(client(redisUrl));
  }

  /**
   * A pooled client of {@code redisUrl} (no separate password), as {@link #client(RedisEndpoint)}.
   */
  public static JedisPooled client(String redisUrl) {
    return client(RedisEndpoint.parse(redisUrl, Optional.empty()));
  }

  /**
   * A pooled client of {@code redisUrl} with short timeouts, for the cache and the rate limits;
   * enough connections for the local runner's many request threads.
   */
  public static JedisPooled client(RedisEndpoint endpoint) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(16);
    pool.setMaxIdle(4);
    pool.setMinIdle(0);
    pool.setMaxWait(Duration.ofMillis(TIMEOUT_MS));
    pool.setJmxEnabled(false);
    return new JedisPooled(pool, endpoint.hostAndPort(), endpoint.clientConfig(TIMEOUT_MS));
  }

  @Override
  public Optional<String> get(String key) {
    try {
      return Optional.ofNullable(redis.get(key));
    } catch (JedisException e) {
      unavailable("treating a get as a miss", e);
      return Optional.empty();
    }
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    try {
      redis.setex(key, Math.max(1, ttl.toSeconds()), value);
    } catch (JedisException e) {
      unavailable("answer not cached", e);
    }
  }

  private void unavailable(String consequence, JedisException e) {
    long heldBack = warnings.tryWarn();
    if (heldBack >= 0) {
      log.warn(
          "result cache unavailable, answering without it ({}; {} similar warnings held back,"
              + " next at most in a minute): {}",
          consequence,
          heldBack,
          e.getMessage());
    } else {
      log.debug("result cache unavailable, {}: {}", consequence, e.getMessage());
    }
  }

  @Override
  public void ping() {
    redis.ping();
  }

  @Override
  public void close() {
    redis.close();
  }
}
