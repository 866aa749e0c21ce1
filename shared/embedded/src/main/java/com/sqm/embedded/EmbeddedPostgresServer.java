package com.sqm.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A real PostgreSQL server run as a child process; its data survives restarts when given a
 * directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String SUPERUSER = "postgres";
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final String HBA_FILE = "pg_hba.conf";

  /** What initdb --auth=scram-sha-256 writes: every connection gives its role's password. */
  private static final String SCRAM_HBA =
      """
      # Every connection gives its role's password (scram-sha-256).
      # TYPE  DATABASE     USER  ADDRESS       METHOD
      local   all          all                 scram-sha-256
      host    all          all   127.0.0.1/32  scram-sha-256
      host    all          all   ::1/128       scram-sha-256
      local   replication  all                 scram-sha-256
      host    replication  all   127.0.0.1/32  scram-sha-256
      host    replication  all   ::1/128       scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final Optional<ProcessHandle> postmaster;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Optional<ProcessHandle> postmaster) {
    this.postgres = postgres;
    this.postmaster = postmaster;
  }

  /**
   * Starts a server on {@code port} (0 picks a free one), keeping data in {@code dataDir} if given;
   * its superuser is trusted on loopback without a password (for throwaway test servers).
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    return start(EmbeddedPostgres.builder(), dataDir, port);
  }

  /**
   * Starts a server on {@code dataDir} whose every connection must give the superuser's password
   * (scram-sha-256), the first line of the owner-only {@code passwordFile}. A new cluster is
   * created with it; a cluster created by an earlier version (trusting every local connection) is
   * upgraded first: the password is set and {@code pg_hba.conf} switched to scram-sha-256.
   */
  public static EmbeddedPostgresServer startProtected(Path dataDir, int port, Path passwordFile) {
    String password = readPassword(passwordFile);
    if (Files.exists(dataDir.resolve(HBA_FILE)) && trustsConnections(dataDir)) {
      upgradeTrustingCluster(dataDir, password);
    }
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            // initdb's options; given after zonky's own "-A trust", so they win.
            .setLocaleConfig("auth", "scram-sha-256")
            .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
            // Used for every connection zonky opens, its readiness check included.
            .setConnectConfig("password", password);
    return start(builder, dataDir, port);
  }

  /**
   * Whether the cluster in {@code dataDir} lets some connection in without a password (a {@code
   * trust} line in its {@code pg_hba.conf}), as clusters of earlier versions did.
   */
  public static boolean trustsConnections(Path dataDir) {
    try {
      return Files.readAllLines(dataDir.resolve(HBA_FILE)).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .anyMatch(line -> List.of(line.split("\\s+")).contains("trust"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + dataDir.resolve(HBA_FILE), e);
    }
  }

  /** Whether {@code dataDir} holds a cluster that asks every connection for a password. */
  public static boolean isPasswordProtected(Path dataDir) {
    return Files.exists(dataDir.resolve(HBA_FILE)) && !trustsConnections(dataDir);
  }

  // Started once more as it was (trusting), to set the password; pg_hba.conf is rewritten while
  // the server is stopped, so the next start asks for the password from its first connection on.
  private static void upgradeTrustingCluster(Path dataDir, String password) {
    try (EmbeddedPostgresServer trusting = start(dataDir, 0);
        Connection c = trusting.superuserDataSource("postgres").getConnection()) {
      // Hashed by the driver: the password itself never reaches the server (nor its logs).
      c.unwrap(PGConnection.class)
          .alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the superuser's password in " + dataDir, e);
    }
    try {
      Files.writeString(dataDir.resolve(HBA_FILE), SCRAM_HBA);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + dataDir.resolve(HBA_FILE), e);
    }
  }

  private static String readPassword(Path passwordFile) {
    try {
      String password = Files.readAllLines(passwordFile).stream().findFirst().orElse("").strip();
      if (password.isEmpty()) {
        throw new IllegalStateException(passwordFile + " holds no password");
      }
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the Postgres password file", e);
    }
  }

  private static EmbeddedPostgresServer start(
      EmbeddedPostgres.Builder builder, Path dataDir, int port) {
    try {
      builder.setPort(port == 0 ? FreePort.find() : port);
      if (dataDir != null) {
        builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
      }
      EmbeddedPostgres started = builder.start();
      // Found now, while its pid file surely exists: close() waits for this process to exit.
      return new EmbeddedPostgresServer(
          started, dataDir == null ? Optional.empty() : postmaster(dataDir));
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Postgres did not start", e);
    }
  }

  /**
   * Stops the Postgres a killed predecessor left running on {@code dataDir} (fast shutdown: SIGINT,
   * then waits for it to exit) and removes a stale {@code postmaster.pid}; returns whether a server
   * was stopped. Only for a caller that owns the directory exclusively.
   */
  public static boolean stopLeftover(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    var leftover = postmaster(dataDir);
    leftover.ifPresent(
        process -> LeftoverProcess.stop(process, "INT", "the Postgres a previous run left"));
    // A server that is gone (or never ours) no longer needs the lock file; Postgres would refuse
    // to start while its pid names a live process of another program.
    LeftoverProcess.deleteIfExists(pidFile);
    return leftover.isPresent();
  }

  /**
   * The port of the Postgres running on {@code dataDir}: line 4 of its {@code postmaster.pid}, if
   * the process that holds the file is a live postgres of that directory.
   */
  public static Optional<Integer> runningPort(Path dataDir) {
    if (postmaster(dataDir).isEmpty()) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      return lines.size() < 4
          ? Optional.empty()
          : Optional.of(Integer.parseInt(lines.get(3).strip()));
    } catch (IOException | NumberFormatException e) {
      // Being written, or gone since: treat the server as not running.
      return Optional.empty();
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /**
   * JDBC URL of {@code database} for the superuser, without its password (a server started with
   * {@link #startProtected} also needs the password, given apart).
   */
  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl(SUPERUSER, database);
  }

  public DataSource superuserDataSource(String database) {
    return postgres.getDatabase(SUPERUSER, database);
  }

  /** Creates {@code database} unless it exists; returns whether it was created. */
  public boolean createDatabaseIfMissing(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "database name must be a lower-case identifier: " + database);
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      try (var rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        if (rs.next()) {
          return false;
        }
      }
      s.execute("CREATE DATABASE " + database);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + database, e);
    }
  }

  private static Optional<ProcessHandle> postmaster(Path dataDir) {
    return LeftoverProcess.find(
        dataDir.resolve("postmaster.pid"),
        "postgres",
        dataDir.toAbsolutePath().normalize().toString());
  }

  /** Stops the server and returns once its process has exited. */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      // pg_ctl stop -w returns once postmaster.pid is gone, a moment before the process exits, and
      // gives up after 5 s on a busy machine: wait for the exit itself, and insist if need be.
      postmaster.ifPresent(
          process -> {
            if (!LeftoverProcess.awaitExit(process, EXIT_TIMEOUT)) {
              LeftoverProcess.stop(process, "INT", "Postgres, still running after pg_ctl stop");
            }
          });
    }
  }
}
