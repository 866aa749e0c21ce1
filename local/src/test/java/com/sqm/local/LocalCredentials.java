package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.cache.RedisEndpoint;
import com.sqm.cache.RedisResultCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisDataException;

/** Checks of the passwords the local runner's Postgres and Redis ask for. */
final class LocalCredentials {
  private LocalCredentials() {}

  /** The generated passwords of {@code dataDir}, by file name. */
  static Map<String, String> read(Path dataDir) throws IOException {
    return Map.of(
        "postgres.password",
        Files.readString(dataDir.resolve("postgres.password")).strip(),
        "redis.password",
        Files.readString(dataDir.resolve("redis.password")).strip());
  }

  static void assertOwnerOnly(Path dataDir) throws IOException {
    for (String file : read(dataDir).keySet()) {
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file))))
          .as(file)
          .isEqualTo("rw-------");
    }
  }

  /** Refused without a password and with a wrong one; in with {@code password}. */
  static void assertPostgresAsksForPassword(int port, String password) throws SQLException {
    assertThatThrownBy(() -> connect(port, null).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no password was provided");
    assertThatThrownBy(() -> connect(port, password + "x").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    try (Connection c = connect(port, password)) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  static Connection connect(int port, String password) throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
    dataSource.setUser("postgres");
    if (password != null) {
      dataSource.setPassword(password);
    }
    dataSource.setConnectTimeout(5);
    return dataSource.getConnection();
  }

  /** NOAUTH without the password, WRONGPASS with a wrong one; PONG with {@code password}. */
  static void assertRedisAsksForPassword(int port, String password) {
    try (Jedis anonymous = new Jedis("127.0.0.1", port)) {
      assertThatThrownBy(anonymous::ping)
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("NOAUTH");
    }
    try (Jedis wrong = new Jedis("127.0.0.1", port)) {
      assertThatThrownBy(() -> wrong.auth(password + "x"))
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("WRONGPASS");
    }
    try (Jedis client = new Jedis("127.0.0.1", port)) {
      client.auth(password);
      assertThat(client.ping()).isEqualTo("PONG");
    }
    // The functions' client, as CoreComponents builds it from SQM_REDIS_URL and SQM_REDIS_PASSWORD.
    try (JedisPooled functions =
        RedisResultCache.client(
            RedisEndpoint.parse("redis://127.0.0.1:" + port, Optional.of(password)))) {
      assertThat(functions.ping()).isEqualTo("PONG");
    }
  }
}
