package com.sqm.cache;

import java.net.URI;
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
 * a miss and a put is skipped, each with a warning; only {@link #ping()} reports the failure.
 */
public final class RedisResultCache implements ResultCache, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisResultCache.class);
  private static final int TIMEOUT_MS = 500;
  private final JedisPooled redis;

  public RedisResultCache(JedisPooled redis) {
    this.redis = redis;
  }

  /** Connects lazily to {@code redisUrl} (e.g. {@code redis://host:6379}) with short timeouts. */
  public static RedisResultCache connect(String redisUrl) {
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(4);
    pool.setMaxIdle(2);
    pool.setMinIdle(0);
    pool.setMaxWait(Duration.ofMillis(TIMEOUT_MS));
    pool.setJmxEnabled(false);
    return new RedisResultCache(
        new JedisPooled(pool, URI.create(redisUrl), TIMEOUT_MS, TIMEOUT_MS));
  }

  @Override
  public Optional<String> get(String key) {
    try {
      return Optional.ofNullable(redis.get(key));
    } catch (JedisException e) {
      log.warn("result cache unavailable, treating as a miss: {}", e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    try {
      redis.setex(key, Math.max(1, ttl.toSeconds()), value);
    } catch (JedisException e) {
      log.warn("result cache unavailable, answer not cached: {}", e.getMessage());
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
