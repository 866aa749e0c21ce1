package com.sqm.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one warning through per interval and counts the ones it holds back, so an outage that every
 * request runs into is one log line a minute instead of one per request.
 */
final class WarningThrottle {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextAllowed;
  private final AtomicLong suppressed = new AtomicLong();

  WarningThrottle(Duration interval) {
    this(interval, System::nanoTime);
  }

  WarningThrottle(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
  }

  /**
   * Whether a warning may be logged now; if so, returns how many were held back since the last one
   * (zero or more), else -1.
   */
  long tryWarn() {
    long now = nanoTime.getAsLong();
    long next = nextAllowed.get();
    if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
      return suppressed.getAndSet(0);
    }
    suppressed.incrementAndGet();
    return -1;
  }
}
