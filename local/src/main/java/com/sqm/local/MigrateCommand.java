package com.sqm.local;

import com.sqm.store.Migrations;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/** {@code sqm migrate}: applies the query store's Flyway migrations to any Postgres database. */
final class MigrateCommand {
  static final String USAGE =
      "migrate --jdbc-url URL [--user U] [--password P]   (password also from $PGPASSWORD)";

  private final PrintStream out;
  private final Map<String, String> environment;

  MigrateCommand(PrintStream out, Map<String, String> environment) {
    this.out = out;
    this.environment = environment;
  }

  /** The connection {@code args} describe. */
  record Target(String jdbcUrl, String user, String password) {}

  Target parse(List<String> args) throws UsageException {
    CliArgs cli =
        CliArgs.parse(args, Set.of("jdbc-url", "user", "password"), Set.of()).atMostPositionals(0);
    String url = cli.required("jdbc-url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new UsageException("--jdbc-url must be a jdbc:postgresql:// URL");
    }
    return new Target(
        url,
        cli.option("user").orElse(null),
        cli.option("password").orElse(environment.get("PGPASSWORD")));
  }

  int run(List<String> args) throws UsageException {
    Target target = parse(args);
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(target.jdbcUrl());
    if (target.user() != null) {
      dataSource.setUser(target.user());
    }
    if (target.password() != null) {
      dataSource.setPassword(target.password());
    }
    MigrateResult result = Migrations.migrate(dataSource);
    if (result.migrationsExecuted == 0) {
      out.printf("Already up to date (schema version %s).%n", result.initialSchemaVersion);
    } else {
      out.printf(
          "Applied %d migration(s); schema version is now %s.%n",
          result.migrationsExecuted, result.targetSchemaVersion);
    }
    return 0;
  }
}
