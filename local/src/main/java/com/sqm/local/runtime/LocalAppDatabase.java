package com.sqm.local.runtime;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.store.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Optional<Integer> runningPort = runningPort(dir.postgres());
    if (runningPort.isPresent()) {
      PGSimpleDataSource running = new PGSimpleDataSource();
      running.setURL(
          "jdbc:postgresql://localhost:" + runningPort.get() + "/" + LocalRuntime.APP_DATABASE);
      running.setUser(EmbeddedPostgresServer.SUPERUSER);
      running.setConnectTimeout(5);
      return new LocalAppDatabase(running, null);
    }
    EmbeddedPostgresServer postgres;
    try {
      postgres = EmbeddedPostgresServer.start(dir.postgres(), 0);
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

  /**
   * The port of the server running on {@code postgresDir}, read from the {@code postmaster.pid}
   * PostgreSQL keeps there while it runs (line 4), if its process is alive.
   */
  static Optional<Integer> runningPort(Path postgresDir) {
    Path pidFile = postgresDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + pidFile, e);
    }
    if (lines.size() < 4) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(lines.get(0).strip());
      int port = Integer.parseInt(lines.get(3).strip());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(port) : Optional.empty();
    } catch (NumberFormatException e) {
      // A file being written or left by a crash: treat the server as not running.
      return Optional.empty();
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
