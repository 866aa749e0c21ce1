package com.sqm.service;

import com.sqm.cache.ResultCache;
import com.sqm.queue.QueryQueue;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the dependencies: the service is UP when the database and queue answer, DEGRADED when only
 * the cache is down (answers still work, uncached), and DOWN otherwise.
 */
public final class HealthService {
  private static final Logger log = LoggerFactory.getLogger(HealthService.class);
  private final DataSource database;
  private final QueryQueue queue;
  private final ResultCache cache;

  public HealthService(DataSource database, QueryQueue queue, ResultCache cache) {
    this.database = database;
    this.queue = queue;
    this.cache = cache;
  }

  public HealthReport check() {
    Map<String, DependencyHealth> checks = new LinkedHashMap<>();
    checks.put("database", probe("database", this::selectOne));
    checks.put("queue", probe("queue", queue::ping));
    checks.put("cache", probe("cache", cache::ping));
    HealthStatus overall;
    if (checks.get("database").status() == HealthStatus.DOWN
        || checks.get("queue").status() == HealthStatus.DOWN) {
      overall = HealthStatus.DOWN;
    } else if (checks.get("cache").status() == HealthStatus.DOWN) {
      overall = HealthStatus.DEGRADED;
    } else {
      overall = HealthStatus.UP;
    }
    return new HealthReport(overall, Collections.unmodifiableMap(checks), Instant.now());
  }

  private void selectOne() {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(2);
      s.execute("SELECT 1");
    } catch (SQLException e) {
      throw new IllegalStateException("database check failed: " + e.getSQLState(), e);
    }
  }

  private static DependencyHealth probe(String name, Runnable check) {
    long start = System.nanoTime();
    try {
      check.run();
      return new DependencyHealth(HealthStatus.UP, elapsedMs(start), null);
    } catch (RuntimeException e) {
      // A health check reports failures instead of propagating them, whatever their type.
      log.warn("health check of {} failed: {}", name, e.toString());
      return new DependencyHealth(
          HealthStatus.DOWN, elapsedMs(start), e.getClass().getSimpleName());
    }
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
