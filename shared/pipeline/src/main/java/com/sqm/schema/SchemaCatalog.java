package com.sqm.schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Schema snapshots per data source, introspected on first use and kept for {@code ttl}, so a warm
 * worker does not read the catalog for every question. A snapshot is only reused for the pool and
 * the allowed schemas it was read with: a data source whose connection (so its pool) or allowed
 * schemas changed is read again at once.
 */
public final class SchemaCatalog {
  private record Entry(
      SchemaSnapshot snapshot, Instant loadedAt, DataSource pool, List<String> schemas) {}

  private final SchemaIntrospector introspector;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public SchemaCatalog(SchemaIntrospector introspector, Duration ttl, Clock clock) {
    this.introspector = introspector;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The snapshot of {@code dataSourceId}'s allowed schemas, read from {@code pool} when stale. */
  public SchemaSnapshot snapshot(String dataSourceId, DataSource pool, List<String> schemas) {
    Instant now = clock.instant();
    Entry cached = entries.get(dataSourceId);
    if (cached != null
        && cached.loadedAt().plus(ttl).isAfter(now)
        && cached.pool() == pool
        && cached.schemas().equals(schemas)) {
      return cached.snapshot();
    }
    SchemaSnapshot fresh = introspector.introspect(pool, schemas);
    entries.put(dataSourceId, new Entry(fresh, now, pool, List.copyOf(schemas)));
    return fresh;
  }

  /** Forgets a data source's snapshot, e.g. after its schema changed. */
  public void invalidate(String dataSourceId) {
    entries.remove(dataSourceId);
  }
}
