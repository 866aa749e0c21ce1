package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.cache.NoOpResultCache;
import com.sqm.cache.RedisResultCache;
import com.sqm.config.AppConfig;
import com.sqm.embedded.FreePort;
import com.sqm.testing.TestEnvironment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthServiceIT {
  private static TestEnvironment env;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("health_service_it");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldReportUp_whenAllDependenciesAnswer() {
    HealthReport report = env.components().healthService().check();

    assertThat(report.status()).isEqualTo(HealthStatus.UP);
    assertThat(report.dependencies()).containsOnlyKeys("database", "queue", "cache");
    assertThat(report.dependencies().values())
        .allSatisfy(
            d -> {
              assertThat(d.status()).isEqualTo(HealthStatus.UP);
              assertThat(d.latencyMs()).isNotNegative();
            });
  }

  @Test
  void shouldReportDegraded_whenOnlyCacheDown() {
    try (RedisResultCache deadCache =
        RedisResultCache.connect("redis://127.0.0.1:" + FreePort.find())) {
      HealthService health =
          new HealthService(env.components().database(), env.components().queue(), deadCache);

      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
      assertThat(report.dependencies().get("cache").status()).isEqualTo(HealthStatus.DOWN);
    }
  }

  @Test
  void shouldReportDown_whenQueueDown() {
    try (TestEnvironment.DeadQueue dead = TestEnvironment.deadQueue()) {
      HealthService health =
          new HealthService(env.components().database(), dead.queue(), new NoOpResultCache());

      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.dependencies().get("queue").status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.dependencies().get("database").status()).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void shouldReportDown_whenDatabaseDown() {
    AppConfig config =
        AppConfig.from(
            Map.of(
                "SQM_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/none",
                // Nothing listens: the pool's shortest wait rather than the deployed 3 s.
                "SQM_DB_CONNECT_TIMEOUT_MS",
                "250",
                "SQM_QUEUE_URL",
                "unused"));
    try (var pool = com.sqm.store.Database.pool(config)) {
      HealthService health =
          new HealthService(pool, env.components().queue(), new NoOpResultCache());

      HealthReport report = health.check();

      assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(report.dependencies().get("database").status()).isEqualTo(HealthStatus.DOWN);
    }
  }

  @Test
  void shouldReportQueueDownWithinAFewSeconds_whenQueueAcceptsButNeverAnswers() throws Exception {
    // A listening socket nobody reads from: connections succeed, requests hang.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      try (TestEnvironment.DeadQueue dead =
          TestEnvironment.queueAt("http://127.0.0.1:" + silent.getLocalPort())) {
        HealthService health =
            new HealthService(env.components().database(), dead.queue(), new NoOpResultCache());

        HealthReport report = health.check();

        DependencyHealth queue = report.dependencies().get("queue");
        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(queue.status()).isEqualTo(HealthStatus.DOWN);
        // The SDK's call timeout for sending is 10 s; a health probe must give up well before.
        assertThat(queue.latencyMs()).isLessThan(5_000);
      }
    }
  }
}
