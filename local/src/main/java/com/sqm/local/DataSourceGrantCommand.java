package com.sqm.local;

import com.sqm.sql.ReaderRoleGrants;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code sqm datasource grant}: the SQL that gives a data source its own read-only role, printed
 * for review or, with {@code --apply}, run as an administrator.
 */
final class DataSourceGrantCommand {
  static final String USAGE =
      "datasource grant --role NAME [--schema NAME]... [--role-password P] [--show-password]"
          + " [--apply --jdbc-url URL [--user U] [--password P]]";

  private final PrintStream out;
  private final Map<String, String> environment;

  DataSourceGrantCommand(PrintStream out, Map<String, String> environment) {
    this.out = out;
    this.environment = environment;
  }

  /**
   * What {@code args} ask for: the grants, whether to show the password, and where to apply them
   * (null: print only).
   */
  record Request(ReaderRoleGrants grants, boolean showPassword, MigrateCommand.Target applyTo) {}

  Request parse(List<String> args) throws UsageException {
    if (args.isEmpty() || !args.get(0).equals("grant")) {
      throw new UsageException("datasource has one sub-command: " + USAGE);
    }
    CliArgs cli =
        CliArgs.parse(
                args.subList(1, args.size()),
                Set.of("role", "schema", "role-password", "jdbc-url", "user", "password"),
                Set.of("apply", "show-password"))
            .atMostPositionals(0);
    String role = cli.required("role");
    List<String> schemas = cli.options("schema");
    String rolePassword =
        cli.option("role-password").orElse(environment.get("SQM_READER_PASSWORD"));
    ReaderRoleGrants grants;
    try {
      grants = new ReaderRoleGrants(role, schemas, rolePassword);
    } catch (RuntimeException e) {
      throw new UsageException(e.getMessage());
    }
    MigrateCommand.Target target = null;
    if (cli.flag("apply")) {
      String url = cli.required("jdbc-url");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new UsageException("--jdbc-url must be a jdbc:postgresql:// URL");
      }
      target =
          new MigrateCommand.Target(
              url,
              cli.option("user").orElse(null),
              cli.option("password").orElse(environment.get("PGPASSWORD")));
    } else if (cli.option("jdbc-url").isPresent()) {
      throw new UsageException("--jdbc-url is only used with --apply");
    }
    return new Request(grants, cli.flag("show-password"), target);
  }

  int run(List<String> args) throws UsageException {
    Request request = parse(args);
    String script = request.grants().script(!request.showPassword());
    if (request.applyTo() == null) {
      out.print(script);
      if (request.grants().password() == null) {
        out.println(
            "-- the role cannot log in until it has a password: pass --role-password (or $SQM_READER_PASSWORD)");
      }
      return SqmCli.OK;
    }
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(request.applyTo().jdbcUrl());
    if (request.applyTo().user() != null) {
      admin.setUser(request.applyTo().user());
    }
    if (request.applyTo().password() != null) {
      admin.setPassword(request.applyTo().password());
    }
    request.grants().apply(admin);
    out.print(script);
    out.println("-- applied");
    return SqmCli.OK;
  }
}
