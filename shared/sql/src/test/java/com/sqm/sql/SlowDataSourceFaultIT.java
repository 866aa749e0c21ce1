package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault scenario "slow data-source query": a query on data source A runs into its statement timeout
 * while a query on data source B, started once A's is running on the server, answers without
 * waiting for A.
 */
class SlowDataSourceFaultIT {
  private static final List<String> PUBLIC = List.of("public");

  /** Passes the guard and a wide-open cost gate, and never finishes within the timeout. */
  private static final String SLOW_SQL = "SELECT count(*) FROM events a, events b, events c";

  private static TestDatabase database;
  private final DataSourcePools pools = new DataSourcePools(name -> null);
  private final ReadOnlySqlRunner runner = new ReadOnlySqlRunner(new SqlGuard());
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void startDatabase() {
    database = TestDatabase.get();
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    pools.close();
  }

  private static DataSourceConfig config(String id) {
    return new DataSourceConfig(id, id, "", database.readerUrl(), PUBLIC, true, null);
  }

  /** Whether A's query (not its EXPLAIN) is executing on the server now. */
  private static boolean slowQueryIsRunning() {
    try (Connection c = database.admin().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                    + " AND pid <> pg_backend_pid() AND query LIKE ? AND query NOT LIKE 'EXPLAIN%'")) {
      ps.setString(1, "%" + SLOW_SQL + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void shouldAnswerOnDataSourceB_whileQueryOnDataSourceARunsIntoItsStatementTimeout()
      throws InterruptedException, ExecutionException, TimeoutException {
    // Arrange: A may run 1 s and plan anything; B has the defaults and a warm pool
    DataSourceConfig slowA = config("slow-a");
    DataSourceConfig fastB = config("fast-b");
    DataSourceLimits shortTimeout = new DataSourceLimits(1_000, 1_000, 1_048_576, 1e15, 1e15);
    String fastSql = "SELECT count(*) AS n FROM customers";
    runner.run(pools.forDataSource(fastB), fastSql, PUBLIC, DataSourceLimits.DEFAULTS, null);
    Future<SqmException> slowRun =
        executor.submit(
            () ->
                catchThrowableOfType(
                    SqmException.class,
                    () ->
                        runner.run(
                            pools.forDataSource(slowA), SLOW_SQL, PUBLIC, shortTimeout, null)));
    awaitCondition(SlowDataSourceFaultIT::slowQueryIsRunning);

    // Act
    DataResult fast =
        runner.run(pools.forDataSource(fastB), fastSql, PUBLIC, DataSourceLimits.DEFAULTS, null);
    boolean slowDoneWhenFastAnswered = slowRun.isDone();
    SqmException slowError = slowRun.get(10, TimeUnit.SECONDS);

    // Assert
    assertThat(fast.rows()).containsExactly(List.of(50L));
    assertThat(slowDoneWhenFastAnswered).isFalse();
    assertThat(slowError.code()).isEqualTo(ErrorCode.DATASOURCE_TIMEOUT);
    assertThat(slowError.isTransient()).isFalse();
    assertThat(slowError.getMessage()).contains("statement timeout");
    assertThat(pools.breaker("slow-a").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(pools.breaker("slow-a").getMetrics().getNumberOfFailedCalls()).isZero();
  }
}
