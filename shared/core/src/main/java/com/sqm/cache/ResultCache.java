package com.sqm.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A cache of serialised answers keyed by what determines them (data source + normalised question).
 */
public interface ResultCache {
  Optional<String> get(String key);

  void put(String key, String value, Duration ttl);

  /** Round-trips to the cache; used by the health check. */
  void ping();
}
