package com.sqm.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database to the current schema with the Flyway scripts in {@code db/migration}. */
public final class Migrations {
  private Migrations() {}

  /** Applies pending migrations; safe to run again (already-applied scripts are skipped). */
  public static MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }
}
