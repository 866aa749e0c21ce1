package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each data source's circuit breaker, against a real PostgreSQL behind a port the test takes down
 * and brings back ({@link FlakyPostgres}); the breaker's clock only moves when the test moves it.
 */
class DataSourceBreakerIT {
  private static final List<String> PUBLIC = List.of("public");
  private static final int FAILURES = 2;

  /** Above the time a loaded machine may take to open a connection; each failure waits it out. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");
  private static final String GOOD_SQL = "SELECT count(*) AS n FROM customers";
  private static TestDatabase database;

  private final SettableClock clock = new SettableClock(START);
  private final DataSourcePools pools =
      new DataSourcePools(
          name -> null, new DataSourcePools.Settings(CONNECT_TIMEOUT, FAILURES, WAIT, clock));
  private final ReadOnlySqlRunner runner = new ReadOnlySqlRunner(new SqlGuard());
  private FlakyPostgres flaky;

  @BeforeAll
  static void startDatabase() {
    database = TestDatabase.get();
  }

  @AfterEach
  void stop() {
    pools.close();
    if (flaky != null) {
      flaky.close();
    }
  }

  private static DataSourceConfig config(String id, String url) {
    return new DataSourceConfig(id, id, "", url, PUBLIC, true, null);
  }

  private DataSourceConfig flakySource() {
    flaky = new FlakyPostgres(database.port());
    return config("flaky", database.readerUrl(flaky.port()));
  }

  private DataResult run(DataSourceConfig source, String sql) {
    return runner.run(pools.forDataSource(source), sql, PUBLIC, DataSourceLimits.DEFAULTS, null);
  }

  private DataSourceQueryException failure(DataSourceConfig source, String sql) {
    return catchThrowableOfType(DataSourceQueryException.class, () -> run(source, sql));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void openBreaker(DataSourceConfig source) {
    for (int i = 0; i < FAILURES; i++) {
      assertThat(failure(source, GOOD_SQL).getMessage()).startsWith("cannot connect");
    }
    assertThat(pools.breaker(source.id()).getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void shouldFailWithTransientDatasourceError_whenNothingListensOnThePort() throws IOException {
    // Arrange
    DataSourceConfig down = config("down", database.readerUrl(closedPort()));

    // Act
    DataSourceQueryException error = failure(down, GOOD_SQL);

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.isTransient()).isTrue();
    assertThat(error.isCausedBySql()).isFalse();
    assertThat(error.getMessage())
        .startsWith("cannot connect to data source down: ")
        .contains("refused")
        .doesNotContain(TestDatabase.READER_PASSWORD);
  }

  @Test
  void shouldFailAtOnceWithoutConnecting_whenBreakerIsOpenEvenThoughServerIsBack() {
    // Arrange: the server hangs up on every connection until the breaker opens
    DataSourceConfig source = flakySource();
    openBreaker(source);
    assertThat(flaky.refusedConnections()).isPositive();
    // back up: a run that tried to connect now would succeed
    flaky.up();

    // Act
    DataSourceQueryException error = failure(source, GOOD_SQL);

    // Assert
    assertThat(error.isTransient()).isTrue();
    assertThat(error.getMessage())
        .isEqualTo(
            "data source flaky is unreachable: its last 2 connection attempts failed;"
                + " it will be tried again after 2026-11-26T10:00:10Z");
    assertThat(pools.breaker("flaky").getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
  }

  @Test
  void shouldAnswerOnOtherDataSource_whenOneDataSourceBreakerIsOpen() {
    // Arrange
    DataSourceConfig source = flakySource();
    openBreaker(source);
    DataSourceConfig healthy = config("healthy", database.readerUrl());

    // Act
    DataResult result = run(healthy, GOOD_SQL);

    // Assert
    assertThat(result.rows()).containsExactly(List.of(50L));
    assertThat(pools.breaker("healthy").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(pools.breaker("flaky").getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void shouldCloseBreaker_whenTrialRunAfterWaitReachesServerAgain() {
    // Arrange
    DataSourceConfig source = flakySource();
    openBreaker(source);
    flaky.up();
    clock.advance(WAIT.plusSeconds(1));

    // Act
    DataResult result = run(source, GOOD_SQL);

    // Assert
    assertThat(result.rows()).containsExactly(List.of(50L));
    assertThat(pools.breaker("flaky").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(run(source, GOOD_SQL).rows()).containsExactly(List.of(50L));
  }

  @Test
  void shouldOpenBreakerAgainWithLaterRetryTime_whenTrialRunFails() {
    // Arrange
    DataSourceConfig source = flakySource();
    openBreaker(source);
    clock.advance(WAIT.plusSeconds(1));

    // Act
    DataSourceQueryException trial = failure(source, GOOD_SQL);
    DataSourceQueryException next = failure(source, GOOD_SQL);

    // Assert
    assertThat(trial.getMessage()).startsWith("cannot connect to data source flaky");
    assertThat(pools.breaker("flaky").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(next.getMessage()).endsWith("tried again after 2026-11-26T10:00:21Z");
  }

  @Test
  void shouldKeepBreakerClosed_whenQueriesFailOnTheirSqlOrTimeOut() {
    // Arrange
    DataSourceConfig source = config("busy-analyst", database.readerUrl());
    DataSourceLimits shortTimeout = new DataSourceLimits(200, 1_000, 1_048_576, 1e15, 1e15);
    var pool = pools.forDataSource(source);

    // Act
    for (int i = 0; i < FAILURES; i++) {
      DataSourceQueryException wrongColumn =
          catchThrowableOfType(
              DataSourceQueryException.class,
              () ->
                  runner.run(
                      pool, "SELECT no_such_column FROM customers", PUBLIC, shortTimeout, null));
      assertThat(wrongColumn.isCausedBySql()).isTrue();
      assertThat(wrongColumn.isTransient()).isFalse();
      SqmException timeout =
          catchThrowableOfType(
              SqmException.class,
              () ->
                  runner.run(
                      pool,
                      "SELECT count(*) FROM events a, events b, events c",
                      PUBLIC,
                      shortTimeout,
                      null));
      assertThat(timeout.code()).isEqualTo(ErrorCode.DATASOURCE_TIMEOUT);
      assertThat(timeout.isTransient()).isFalse();
    }

    // Assert
    CircuitBreaker breaker = pools.breaker("busy-analyst");
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(run(source, GOOD_SQL).rows()).containsExactly(List.of(50L));
  }

  @Test
  void shouldReportBreakerSentence_whenVerifierConnectsWhileBreakerIsOpen() {
    // Arrange
    DataSourceConfig source = flakySource();
    openBreaker(source);
    RunnableSqlVerifier verifier = new RunnableSqlVerifier(runner, pools);

    // Act
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> verifier.verify(source, GOOD_SQL));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).startsWith("data source flaky is unreachable");
  }

  @Test
  void shouldFailTransientWithoutCountingAsOutage_whenAllPooledConnectionsAreInUse()
      throws SQLException {
    // Arrange: other work holds every connection of the pool
    DataSourceConfig source = config("crowded", database.readerUrl());
    DataSource pool = pools.forDataSource(source);
    Connection first = pool.getConnection();
    Connection second = pool.getConnection();
    DataSourceQueryException error;
    try {
      // Act
      error = failure(source, GOOD_SQL);
    } finally {
      first.close();
      second.close();
    }

    // Assert
    assertThat(error.isTransient()).isTrue();
    assertThat(error.getMessage())
        .isEqualTo("data source crowded is busy: all its 2 connections stayed in use for 500 ms");
    assertThat(pools.breaker("crowded").getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(run(source, GOOD_SQL).rows()).containsExactly(List.of(50L));
  }
}
