package com.sqm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QueryChanges} for a Lambda container: each wait LISTENs on {@value
 * PostgresQueryChanges#CHANNEL} through a connection of its own, opened when it subscribes and
 * closed when it is answered, on the request's own thread.
 *
 * <p>A container serves one request at a time and is frozen as soon as it has answered, so nothing
 * may stay open after the answer: a LISTENing connection kept by a frozen container would pin one
 * of RDS Proxy's database connections until the container is reaped. {@link PostgresQueryChanges}
 * shares one connection between many waits, which suits the local gateway's many concurrent
 * requests instead.
 */
public final class PerWaitQueryChanges implements QueryChanges {
  private static final Logger log = LoggerFactory.getLogger(PerWaitQueryChanges.class);

  private final PostgresQueryChanges.Connector connector;
  private final int maxWaiters;
  private final Semaphore slots;

  /** Listens through connections {@code connector} opens, at most {@code maxWaiters} at once. */
  public PerWaitQueryChanges(PostgresQueryChanges.Connector connector, int maxWaiters) {
    if (maxWaiters < 0) {
      throw new IllegalArgumentException("maxWaiters must not be negative");
    }
    this.connector = connector;
    this.maxWaiters = maxWaiters;
    this.slots = new Semaphore(maxWaiters);
  }

  /**
   * A subscription listening on a new connection; empty (the request answers at once) when the
   * process holds as many waits as it allows, or the connection cannot be opened.
   */
  @Override
  public Optional<Subscription> subscribe(UUID id) {
    if (!slots.tryAcquire()) {
      return Optional.empty();
    }
    Connection connection = null;
    try {
      connection = connector.open();
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + PostgresQueryChanges.CHANNEL);
      }
      return Optional.of(new Listening(id, connection));
    } catch (SQLException e) {
      log.warn("progress wait not held: cannot listen for changes: {}", e.toString());
      if (connection != null) {
        closeQuietly(connection);
      }
      slots.release();
      return Optional.empty();
    }
  }

  /** Waits held now (subscriptions not yet closed), each with its connection open. */
  public int subscriptions() {
    return maxWaiters - slots.availablePermits();
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing a progress wait's connection failed: {}", e.toString());
    }
  }

  private final class Listening implements Subscription {
    private final String id;
    private final Connection connection;
    private boolean broken;
    private boolean closed;

    Listening(UUID id, Connection connection) {
      this.id = id.toString();
      this.connection = connection;
    }

    @Override
    public synchronized boolean await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        if (broken) {
          // The connection failed: the caller re-reads on its own timer; no spinning here.
          TimeUnit.NANOSECONDS.timedWait(this, left);
          return false;
        }
        try {
          // Notifications of other queries share the channel: skip them and wait on.
          PGNotification[] notifications =
              connection
                  .unwrap(PGConnection.class)
                  .getNotifications((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              if (id.equals(notification.getParameter())) {
                return true;
              }
            }
          }
        } catch (SQLException e) {
          log.warn("progress wait's connection failed; re-reading instead: {}", e.toString());
          broken = true;
          // What changed meanwhile is unknown: have the caller read the row now.
          return true;
        }
      }
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        closeQuietly(connection);
        slots.release();
      }
    }
  }
}
