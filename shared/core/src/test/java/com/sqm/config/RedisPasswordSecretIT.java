package com.sqm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.embedded.EmbeddedRedisServer;
import com.sqm.embedded.FreePort;
import com.sqm.secret.LocalSecretStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SQM_REDIS_PASSWORD=secret:NAME}: the functions' Redis client logs in with the secret's
 * value, read from the (local) secret store when the client is built.
 */
class RedisPasswordSecretIT {
  private static final String TOKEN = "redis-auth-token-42";
  @TempDir static Path dir;
  private static EmbeddedRedisServer redis;
  private static LocalSecretStore secrets;

  @BeforeAll
  static void start() {
    redis = EmbeddedRedisServer.start(null, 0, TOKEN);
    secrets = new LocalSecretStore(dir.resolve("secrets"));
    secrets.put("redis-auth", TOKEN);
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static AppConfig config(String password) {
    int nowhere = FreePort.find();
    return AppConfig.from(
        Map.of(
            "SQM_DB_URL", "jdbc:postgresql://127.0.0.1:" + nowhere + "/none",
            "SQM_QUEUE_URL", "http://127.0.0.1:" + nowhere + "/000000000000/none",
            "SQM_REDIS_URL", "redis://127.0.0.1:" + redis.port(),
            "SQM_REDIS_PASSWORD", password));
  }

  @Test
  void shouldLogInWithTheSecretsValue_whenPasswordIsASecretReference() {
    // Arrange
    try (CoreComponents core = CoreComponents.create(config("secret:redis-auth"), () -> secrets)) {
      // Act
      core.cache().put("sqm-it:redis-secret", "cached", Duration.ofMinutes(1));

      // Assert
      assertThat(core.cache().get("sqm-it:redis-secret")).contains("cached");
    }
  }

  @Test
  void shouldNameTheSettingAndSecret_whenTheSecretIsMissing() {
    // Act
    IllegalStateException error =
        catchThrowableOfType(
            IllegalStateException.class,
            () -> CoreComponents.create(config("secret:no-such-secret"), () -> secrets));

    // Assert
    assertThat(error.getMessage())
        .startsWith("SQM_REDIS_PASSWORD refers to a secret that cannot be read")
        .contains("no-such-secret")
        .doesNotContain(TOKEN);
  }
}
