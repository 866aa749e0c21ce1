package com.sqm.cache;

import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where Redis is and how to log in: {@code redis://host:port} or, with TLS, {@code
 * rediss://host:port}; the password comes from the URL ({@code redis://:PASSWORD@host}) or, so that
 * the URL itself holds no secret, from a setting of its own, which wins.
 */
public record RedisEndpoint(
    HostAndPort hostAndPort, boolean tls, String user, String password, int database) {

  /** Parses {@code url}; {@code password}, when present, replaces any password in the URL. */
  public static RedisEndpoint parse(String url, Optional<String> password) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      // Not chained: the parser's message quotes the URL, password and all.
      throw new IllegalArgumentException("SQM_REDIS_URL is not a URL");
    }
    if (!JedisURIHelper.isValid(uri)
        || !(JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))) {
      throw new IllegalArgumentException(
          "SQM_REDIS_URL must be redis://host:port or rediss://host:port (TLS)");
    }
    String fromUrl = JedisURIHelper.getPassword(uri);
    return new RedisEndpoint(
        JedisURIHelper.getHostAndPort(uri),
        JedisURIHelper.isRedisSSLScheme(uri),
        JedisURIHelper.getUser(uri),
        password.filter(p -> !p.isBlank()).orElse(fromUrl),
        JedisURIHelper.getDBIndex(uri));
  }

  /**
   * The client settings: TLS with the server's certificate checked against its host name (Jedis
   * does not check the name unless asked), and the timeouts.
   */
  public JedisClientConfig clientConfig(int timeoutMillis) {
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMillis)
            .socketTimeoutMillis(timeoutMillis)
            .user(user)
            .password(password)
            .database(database)
            .ssl(tls);
    if (tls) {
      SSLParameters parameters = new SSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      config.sslParameters(parameters);
    }
    return config.build();
  }

  /** Names the server, never the password. */
  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://")
        + hostAndPort
        + (password == null ? "" : " (with password)");
  }
}
