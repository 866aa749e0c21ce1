package com.sqm.local.runtime;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.store.Migrations;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The query store of a local data directory for a one-off command: the Postgres {@code ./sqm dev}
 * is running on that directory when there is one, otherwise the same cluster started just for the
 * command and stopped when it is closed.
 */
public final class LocalAppDatabase implements AutoCloseable {
  private final DataSource dataSource;
  private final EmbeddedPostgresServer startedHere;

  private LocalAppDatabase(DataSource dataSource, EmbeddedPostgresServer startedHere) {
    this.dataSource = dataSource;
    this.startedHere = startedHere;
  }

  /** Connects to (or starts) the Postgres of {@code dataDir}; the query store is migrated. */
  public static LocalAppDatabase open(Path dataDir) {
    DataDirectory dir = DataDirectory.prepare(dataDir);
    Optional<Integer> runningPort = EmbeddedPostgresServer.runningPort(dir.postgres());
    if (runningPort.isPresent()) {
      PGSimpleDataSource running = new PGSimpleDataSource();
      running.setURL(
          "jdbc:postgresql://localhost:" + runningPort.get() + "/" + LocalRuntime.APP_DATABASE);
      running.setUser(EmbeddedPostgresServer.SUPERUSER);
      running.setPassword(LocalPostgres.password(dir));
      running.setConnectTimeout(5);
      return new LocalAppDatabase(running, null);
    }
    EmbeddedPostgresServer postgres;
    try {
      postgres = LocalPostgres.start(dir, 0);
    } catch (LocalStartupException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LocalStartupException(
          "could not start Postgres on " + dir.postgres() + " (is another ./sqm using it?)", e);
    }
    try {
      postgres.createDatabaseIfMissing(LocalRuntime.APP_DATABASE);
      DataSource store = postgres.superuserDataSource(LocalRuntime.APP_DATABASE);
      Migrations.migrate(store);
      return new LocalAppDatabase(store, postgres);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Whether the command started Postgres itself (no {@code ./sqm dev} was running). */
  public boolean startedHere() {
    return startedHere != null;
  }

  @Override
  public void close() {
    if (startedHere != null) {
      startedHere.close();
    }
  }
}
