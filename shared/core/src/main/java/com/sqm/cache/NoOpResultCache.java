package com.sqm.cache;

import java.time.Duration;
import java.util.Optional;

/** The cache used when no Redis URL is configured: remembers nothing. */
public final class NoOpResultCache implements ResultCache {
  @Override
  public Optional<String> get(String key) {
    return Optional.empty();
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    // Nothing to store: caching is off.
  }

  @Override
  public void ping() {
    // Always reachable: there is nothing to reach.
  }
}
