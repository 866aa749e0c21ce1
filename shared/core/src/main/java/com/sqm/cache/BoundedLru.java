package com.sqm.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** In-process maps that keep their most recently used entries only. */
public final class BoundedLru {
  private BoundedLru() {}

  /**
   * A thread-safe map of at most {@code capacity} entries (0: none), dropping the least recently
   * used one when full.
   */
  public static <K, V> Map<K, V> synchronizedMap(int capacity) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        });
  }
}
