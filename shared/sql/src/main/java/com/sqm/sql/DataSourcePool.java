package com.sqm.sql;

import com.sqm.sql.DataSourceQueryException.Kind;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One data source's connection pool behind its circuit breaker (resilience4j), so a data source
 * that is down costs each run a connect timeout only until the breaker opens, and never slows down
 * another data source.
 *
 * <p>A run that cannot reach the server (connection refused or timed out, SQLSTATE class 08,
 * shutting down or restarting 57P01-57P03, out of resources class 53) is a breaker failure; {@link
 * DataSourcePools.Settings#breakerFailures()} of them in a row open the breaker. While it is open
 * every run fails at once, without a connect attempt, with a transient {@code DATASOURCE_ERROR}
 * that says when the data source will be tried again; after {@link
 * DataSourcePools.Settings#breakerWait()} one trial run goes through and closes the breaker if it
 * reaches the server. Anything the server answers, an SQL error or a statement timeout included,
 * counts as a success: a bad query is not an outage.
 *
 * <p>A login the server refuses (SQLSTATE 28P01, 28000: a rotated password) asks the pools to
 * resolve the data source's reference again at once; when that yields other settings, the
 * connection is tried once more on the pool that replaces this one. A replaced ({@link #retire
 * retired}) pool hands out its successor's connections and is closed once none of its own is in
 * use.
 */
final class DataSourcePool implements DataSource, AutoCloseable {
  private static final String INVALID_PASSWORD = "28P01";
  private static final String INVALID_AUTHORIZATION = "28000";
  private final String id;
  private final HikariDataSource pool;
  private final CircuitBreaker breaker;
  private final DataSourcePools.Settings settings;
  private final AtomicReference<Instant> retryAt = new AtomicReference<>();
  private final String fingerprint;
  private final UnaryOperator<DataSourcePool> loginRefused;
  private volatile DataSourcePool successor;

  /**
   * @param fingerprint what the pool was built from (see {@code DataSourcePools}), never a secret
   * @param loginRefused given this pool after the server refused a login: the pool to try once
   *     more, or null
   */
  DataSourcePool(
      String id,
      HikariDataSource pool,
      DataSourcePools.Settings settings,
      String fingerprint,
      UnaryOperator<DataSourcePool> loginRefused) {
    this.id = id;
    this.pool = pool;
    this.settings = settings;
    this.fingerprint = fingerprint;
    this.loginRefused = loginRefused;
    Clock clock = settings.clock();
    int failures = settings.breakerFailures();
    this.breaker =
        CircuitBreaker.of(
            "datasource-" + id,
            CircuitBreakerConfig.custom()
                // N calls in a row, all failed: the last N calls all count, and all must fail
                .slidingWindow(failures, failures, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(settings.breakerWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(DataSourcePool::isOutage)
                // a full pool says nothing about the server: neither a failure nor a success
                .ignoreException(DataSourcePool::isBusy)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                retryAt.set(clock.instant().plus(settings.breakerWait()));
              }
            });
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  String id() {
    return id;
  }

  String fingerprint() {
    return fingerprint;
  }

  /**
   * Stops handing out connections of this pool: from now on they come from {@code next}. Idle
   * connections are closed now, those in use when they are given back.
   */
  void retire(DataSourcePool next) {
    successor = next;
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean != null) {
      bean.softEvictConnections();
    }
  }

  /**
   * Closes this retired pool when none of its connections is in use or waited for; whether it is
   * closed.
   */
  boolean closeIfIdle() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    // a thread still waiting for one of its connections would be failed by closing
    if (bean == null
        || (bean.getActiveConnections() == 0 && bean.getThreadsAwaitingConnection() == 0)) {
      pool.close();
      return true;
    }
    return false;
  }

  boolean isClosed() {
    return pool.isClosed();
  }

  /**
   * Runs {@code work} through the breaker: fails at once while it is open, and records whether
   * {@code work} reached the server.
   *
   * @throws DataSourceQueryException transient, when the breaker is open
   */
  <T> T call(Supplier<T> work) {
    try {
      return breaker.executeSupplier(work);
    } catch (CallNotPermittedException e) {
      throw unreachable();
    }
  }

  /**
   * A connection from the pool, not through the breaker (see {@link #call}).
   *
   * @throws DataSourceQueryException DATASOURCE_ERROR, transient unless the server refused the
   *     login (wrong password, no such database)
   */
  Connection connect() {
    DataSourcePool next = successor;
    if (next != null) {
      return next.connect();
    }
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      DataSourcePool retry = loginRefused(e) ? loginRefused.apply(this) : null;
      if (retry == null || retry == this) {
        throw connectFailure(e);
      }
      return retry.connectOnce();
    }
  }

  /** As {@link #connect}, without asking for other settings when the login is refused. */
  private Connection connectOnce() {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw connectFailure(e);
    }
  }

  private static boolean loginRefused(SQLException e) {
    SQLException reason = e.getCause() instanceof SQLException cause ? cause : e;
    String state = reason.getSQLState();
    return INVALID_PASSWORD.equals(state) || INVALID_AUTHORIZATION.equals(state);
  }

  private DataSourceQueryException connectFailure(SQLException e) {
    // HikariCP reports "request timed out" with the driver's last failure, if any, as the cause
    SQLException reason = e.getCause() instanceof SQLException cause ? cause : e;
    String state = reason.getSQLState();
    if (reason == e && e instanceof SQLTransientConnectionException && allConnectionsBusy()) {
      return new DataSourceQueryException(
          "data source "
              + id
              + " is busy: all its "
              + settings.poolSize()
              + " connections stayed in use for "
              + settings.connectTimeout().toMillis()
              + " ms",
          state,
          true,
          Kind.BUSY,
          e);
    }
    String sentence =
        reason == e && e instanceof SQLTransientConnectionException
            ? "no connection within " + settings.connectTimeout().toMillis() + " ms"
            : String.valueOf(reason.getMessage());
    String message = "cannot connect to data source " + id + ": " + sentence;
    if (state != null && !DataSourceQueryException.isTransientState(state)) {
      // the server answered and refused: a wrong password or database name stays wrong
      return new DataSourceQueryException(
          message + " (SQLSTATE " + state + ")", state, false, Kind.SERVER, e);
    }
    return new DataSourceQueryException(message, state, true, Kind.OUTAGE, e);
  }

  private boolean allConnectionsBusy() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    return bean != null && bean.getActiveConnections() >= settings.poolSize();
  }

  private DataSourceQueryException unreachable() {
    Instant at = retryAt.get();
    String when =
        breaker.getState() == CircuitBreaker.State.HALF_OPEN || at == null
            ? "once the trial run under way ends"
            : "after " + at.truncatedTo(ChronoUnit.SECONDS);
    return new DataSourceQueryException(
        "data source "
            + id
            + " is unreachable: its last "
            + settings.breakerFailures()
            + " connection attempts failed; it will be tried again "
            + when,
        null,
        true,
        Kind.BREAKER_OPEN,
        null);
  }

  private static boolean isOutage(Throwable error) {
    return error instanceof DataSourceQueryException e && e.kind() == Kind.OUTAGE;
  }

  private static boolean isBusy(Throwable error) {
    return error instanceof DataSourceQueryException e && e.kind() == Kind.BUSY;
  }

  /** Through the breaker; a failure is an {@link SQLException} carrying the safe message. */
  @Override
  public Connection getConnection() throws SQLException {
    try {
      return call(this::connect);
    } catch (DataSourceQueryException e) {
      throw e.isTransient()
          ? new SQLTransientConnectionException(e.getMessage(), e.sqlState(), e)
          : new SQLException(e.getMessage(), e.sqlState(), e);
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLException("connections use the data source's own credentials");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool.isWrapperFor(type);
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "DataSourcePool[" + id + ", breaker " + breaker.getState() + "]";
  }
}
