package com.sqm.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QueryChanges} from Postgres notifications: one connection of its own per process LISTENs
 * on {@value #CHANNEL} (migration V7 notifies it for every committed status or stage change) and a
 * daemon thread hands each notification to the waits on that query.
 *
 * <p>One connection serves every wait in the process, so waiting never takes connections from the
 * application's pool, and at most {@code maxWaiters} waits are held at once (beyond that {@link
 * #subscribe} refuses and the request answers at once). The connection is opened when the first
 * wait arrives and closed after {@code linger} without one. A lost connection is opened again, and
 * every wait is then signalled to re-read its row, since notifications sent meanwhile are lost. A
 * connection silently dropped while the process was frozen (a Lambda container between invocations)
 * is caught by checking it whenever a wait arrives after none was held.
 */
public final class PostgresQueryChanges implements QueryChanges {
  private static final Logger log = LoggerFactory.getLogger(PostgresQueryChanges.class);

  /** The notification channel; its payload is the query's id. */
  public static final String CHANNEL = "sqm_query_progress";

  /** How long one read of notifications blocks; also how soon the thread notices close(). */
  private static final int POLL_MILLIS = 500;

  /** Between attempts to open the connection again while the database is unreachable. */
  private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

  /** A connection that has been listening this long without a round trip is checked. */
  private static final Duration CHECK_EVERY = Duration.ofSeconds(10);

  /** Opens a connection to the application's database (not a pooled one: it stays LISTENing). */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector connector;
  private final int maxWaiters;
  private final Duration linger;

  private final Object lock = new Object();
  // Guarded by lock.
  private final Map<UUID, Set<Waiter>> waiters = new HashMap<>();
  private int count;
  private boolean checkConnection;
  private boolean closed;
  private Thread thread;

  // Confined to the listener thread.
  private Connection connection;
  private long lastRoundTrip;
  private long openedAt;

  /**
   * Listens through connections {@code connector} opens, holding at most {@code maxWaiters} waits
   * (0: none, every wait answers at once) and keeping an idle connection for {@code linger}.
   */
  public PostgresQueryChanges(Connector connector, int maxWaiters, Duration linger) {
    if (maxWaiters < 0) {
      throw new IllegalArgumentException("maxWaiters must not be negative");
    }
    this.connector = connector;
    this.maxWaiters = maxWaiters;
    this.linger = linger;
  }

  @Override
  public Optional<Subscription> subscribe(UUID id) {
    synchronized (lock) {
      if (closed || count >= maxWaiters) {
        return Optional.empty();
      }
      if (count == 0) {
        // Nobody waited, so nothing proved the connection alive lately (the process may even
        // have been frozen): check it before trusting it.
        checkConnection = true;
      }
      Waiter waiter = new Waiter(id);
      waiters.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(waiter);
      count++;
      if (thread == null || !thread.isAlive()) {
        thread = new Thread(this::listen, "sqm-progress-listener");
        thread.setDaemon(true);
        thread.start();
      }
      lock.notifyAll();
      return Optional.of(waiter);
    }
  }

  /** Waits held now (subscriptions not yet closed). */
  public int subscriptions() {
    synchronized (lock) {
      return count;
    }
  }

  /** Waits blocked in {@link Subscription#await} right now (for tests and diagnostics). */
  public int waiting() {
    synchronized (lock) {
      int blocked = 0;
      for (Set<Waiter> set : waiters.values()) {
        for (Waiter waiter : set) {
          if (waiter.isAwaiting()) {
            blocked++;
          }
        }
      }
      return blocked;
    }
  }

  private void unsubscribe(Waiter waiter) {
    synchronized (lock) {
      Set<Waiter> set = waiters.get(waiter.id);
      if (set != null && set.remove(waiter)) {
        count--;
        if (set.isEmpty()) {
          waiters.remove(waiter.id);
        }
        lock.notifyAll();
      }
    }
  }

  private void listen() {
    while (true) {
      boolean check;
      Next next;
      synchronized (lock) {
        next = awaitWaiters();
        check = checkConnection;
        if (next == Next.LISTEN) {
          checkConnection = false;
        }
      }
      if (next == Next.STOP) {
        break;
      }
      if (next == Next.CLOSE_IDLE) {
        // Outside the lock: closing may wait on the network, and subscribers must not.
        closeConnection();
        continue;
      }
      try {
        if (connection != null && (check || overdueForCheck())) {
          // A read that times out proves nothing: a silently dropped connection reads nothing too.
          if (connection.isValid(1)) {
            lastRoundTrip = System.nanoTime();
          } else {
            log.info("progress listener connection lost; opening another");
            closeConnection();
          }
        }
        if (connection == null) {
          openAndListen();
          // Notifications sent while no connection listened are lost: everyone re-reads.
          signalAll();
        }
        PGNotification[] notifications =
            connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
        if (notifications != null && notifications.length > 0) {
          lastRoundTrip = System.nanoTime();
          for (PGNotification notification : notifications) {
            signal(notification.getParameter());
          }
        }
      } catch (SQLException e) {
        // A connection that had been working is opened again at once; one that cannot be opened
        // (or fails straight away) is retried after a pause, so a database that is down is not
        // hammered.
        boolean wasWorking =
            connection != null && System.nanoTime() - openedAt > RECONNECT_DELAY.toNanos();
        log.warn("progress listener connection failed: {}", e.toString());
        closeConnection();
        if (!wasWorking) {
          pause(RECONNECT_DELAY);
        }
      }
    }
    closeConnection();
  }

  /** What the listener thread does next. */
  private enum Next {
    /** A wait is held: listen. */
    LISTEN,
    /** No wait was held for {@code linger}: close the connection (outside the lock). */
    CLOSE_IDLE,
    /** Closed. */
    STOP
  }

  /**
   * With the lock held: waits until a wait is held ({@link Next#LISTEN}), the open connection has
   * been idle for {@code linger} ({@link Next#CLOSE_IDLE}), or this is closed ({@link Next#STOP}).
   */
  private Next awaitWaiters() {
    long idleSince = System.nanoTime();
    try {
      while (!closed && count == 0) {
        if (connection == null) {
          lock.wait();
        } else {
          long left = linger.toNanos() - (System.nanoTime() - idleSince);
          if (left <= 0) {
            return Next.CLOSE_IDLE;
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Next.STOP;
    }
    return closed ? Next.STOP : Next.LISTEN;
  }

  private boolean overdueForCheck() {
    return System.nanoTime() - lastRoundTrip > CHECK_EVERY.toNanos();
  }

  private void openAndListen() throws SQLException {
    Connection opened = connector.open();
    try (Statement statement = opened.createStatement()) {
      opened.setAutoCommit(true);
      statement.execute("LISTEN " + CHANNEL);
    } catch (SQLException e) {
      closeQuietly(opened);
      throw e;
    }
    connection = opened;
    openedAt = System.nanoTime();
    lastRoundTrip = openedAt;
    log.debug("progress listener listening on {}", CHANNEL);
  }

  private void signal(String payload) {
    UUID id;
    try {
      id = UUID.fromString(payload);
    } catch (IllegalArgumentException e) {
      log.debug("ignoring a progress notification that is not a query id");
      return;
    }
    List<Waiter> targets;
    synchronized (lock) {
      Set<Waiter> set = waiters.get(id);
      targets = set == null ? List.of() : new ArrayList<>(set);
    }
    targets.forEach(Waiter::signal);
  }

  private void signalAll() {
    List<Waiter> targets = new ArrayList<>();
    synchronized (lock) {
      waiters.values().forEach(targets::addAll);
    }
    targets.forEach(Waiter::signal);
  }

  private void pause(Duration delay) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        lock.wait(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      }
    }
  }

  private void closeConnection() {
    if (connection != null) {
      closeQuietly(connection);
      connection = null;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing the progress listener connection failed: {}", e.toString());
    }
  }

  /** Stops the listener thread (which closes its connection); later subscriptions are refused. */
  @Override
  public void close() {
    Thread running;
    synchronized (lock) {
      closed = true;
      running = thread;
      lock.notifyAll();
    }
    waitersSnapshot().forEach(Waiter::signal);
    if (running != null) {
      try {
        running.join(2L * POLL_MILLIS + 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<Waiter> waitersSnapshot() {
    List<Waiter> all = new ArrayList<>();
    synchronized (lock) {
      waiters.values().forEach(all::addAll);
    }
    return all;
  }

  private final class Waiter implements Subscription {
    private final UUID id;
    private boolean signalled;
    private boolean awaiting;

    Waiter(UUID id) {
      this.id = id;
    }

    synchronized void signal() {
      signalled = true;
      notifyAll();
    }

    synchronized boolean isAwaiting() {
      return awaiting;
    }

    @Override
    public synchronized boolean await(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      awaiting = true;
      try {
        while (!signalled) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        signalled = false;
        return true;
      } finally {
        awaiting = false;
      }
    }

    @Override
    public void close() {
      unsubscribe(this);
    }
  }
}
