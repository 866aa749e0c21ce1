package com.sqm.store;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Tells a waiting request that a query's status or stage may have changed, so it can re-read the
 * row instead of polling it. Signals may be spurious (a reconnect wakes every waiter); the row is
 * the truth.
 */
public interface QueryChanges extends AutoCloseable {
  /** Subscriptions are never granted: every wait answers at once. */
  QueryChanges NONE = id -> Optional.empty();

  /**
   * A subscription to {@code id}'s changes, signalled for every change committed after this call
   * returns; empty when this process already holds as many waits as it allows.
   */
  Optional<Subscription> subscribe(UUID id);

  @Override
  default void close() {}

  /** One waiting request's interest in one query; close it when the request is answered. */
  interface Subscription extends AutoCloseable {
    /**
     * Blocks until signalled or {@code timeout} passes; true when signalled (the query may have
     * changed: re-read it). A signal that came while nobody awaited is kept for the next call.
     */
    boolean await(Duration timeout) throws InterruptedException;

    @Override
    void close();
  }
}
