package com.sqm.service;

import java.time.Duration;
import java.util.Optional;

/** Limits how often one caller may do something: here, submit questions. */
public interface RateLimiter {
  /** Lets everything through: no Redis is configured, or the limit is off. */
  RateLimiter UNLIMITED = caller -> Optional.empty();

  /**
   * Takes one permit for {@code caller}: empty when allowed, otherwise how long until the next
   * permit.
   */
  Optional<Duration> tryAcquire(String caller);
}
