package com.sqm.local;

import com.sqm.config.AppConfig;
import com.sqm.local.runtime.LocalAppDatabase;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.SqmException;
import com.sqm.secret.LocalSecretStore;
import com.sqm.service.DataSourceValidation;
import com.sqm.sql.DataSourceAccessCheck;
import com.sqm.store.DataSourceGrantRepository;
import com.sqm.store.DataSourceRepository;
import com.sqm.store.JdbcDataSourceGrantRepository;
import com.sqm.store.JdbcDataSourceRepository;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code sqm datasource add|list|remove}: registers your own databases as data sources in the query
 * store (of the local data directory, or any application database), and {@code grant} (see {@link
 * DataSourceGrantCommand}).
 */
final class DataSourceCommand {
  static final String STORE_OPTIONS = "[--data-dir DIR | --db-url URL [--user U] [--password P]]";
  static final String ADD_USAGE =
      "datasource add --id ID --jdbc-url URL [--schema S]... [--name NAME] [--description TEXT]"
          + " [--grant user:U|group:G|everyone]... "
          + STORE_OPTIONS;
  static final String LIST_USAGE = "datasource list " + STORE_OPTIONS;
  static final String REMOVE_USAGE = "datasource remove --id ID " + STORE_OPTIONS;
  private static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

  /** Who the command line records as the grantor. */
  private static final String GRANTOR = "sqm-cli";

  private static final Set<String> STORE_VALUE_OPTIONS =
      Set.of("data-dir", "db-url", "user", "password");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final Path defaultDataDir;

  DataSourceCommand(
      PrintStream out, PrintStream err, Map<String, String> environment, Path defaultDataDir) {
    this.out = out;
    this.err = err;
    this.environment = environment;
    this.defaultDataDir = defaultDataDir;
  }

  /**
   * Where the data sources are registered: a local data directory, or an application database
   * ({@code appDatabase}, when {@code --db-url} was given).
   */
  record Store(Path dataDir, MigrateCommand.Target appDatabase) {}

  /** What {@code args} ask for. */
  sealed interface Request permits Add, ListAll, Remove {
    Store store();
  }

  /**
   * Register (or replace) {@code dataSource} and grant it to {@code grants} (without a grant only
   * admins may ask about it).
   */
  record Add(DataSourceConfig dataSource, List<String> grants, Store store) implements Request {
    Add {
      grants = List.copyOf(grants);
    }
  }

  /** Print every registered data source. */
  record ListAll(Store store) implements Request {}

  /** Remove the data source {@code id}. */
  record Remove(String id, Store store) implements Request {}

  Request parse(List<String> args) throws UsageException {
    String sub = args.isEmpty() ? "" : args.get(0);
    List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
    return switch (sub) {
      case "add" -> parseAdd(rest);
      case "list" -> new ListAll(store(parse(rest, Set.of())));
      case "remove" -> {
        CliArgs cli = parse(rest, Set.of("id"));
        yield new Remove(validId(cli.required("id")), store(cli));
      }
      default ->
          throw new UsageException(
              "datasource needs a sub-command: add, list, remove or grant (see ./sqm help)");
    };
  }

  int run(List<String> args) throws UsageException {
    if (!args.isEmpty() && args.get(0).equals("grant")) {
      return new DataSourceGrantCommand(out, environment).run(args);
    }
    Request request = parse(args);
    if (request instanceof Add add) {
      return add(add);
    }
    try (OpenStore store = open(request.store())) {
      if (request instanceof Remove remove) {
        if (!store.repository().delete(remove.id())) {
          err.println("sqm datasource remove: no data source with id '" + remove.id() + "'");
          return SqmCli.FAILED;
        }
        if (request.store().dataDir() != null) {
          new LocalSecretStore(request.store().dataDir().resolve("secrets"))
              .delete(secretName(remove.id()));
        }
        out.println("Removed data source '" + remove.id() + "' and its examples.");
        return SqmCli.OK;
      }
      out.print(DataSourceTable.render(store.repository().findAll()));
      return SqmCli.OK;
    }
  }

  private int add(Add add) {
    DataSourceConfig dataSource = add.dataSource();
    // Connect before touching the store: a data source nobody can reach is not registered.
    DataSourceAccessCheck.Report report =
        new DataSourceAccessCheck()
            .inspect(dataSource.connectionRef(), dataSource.allowedSchemas());
    for (String schema : report.missingSchemas()) {
      err.println("warning: schema '" + schema + "' does not exist in the data source");
    }
    if (report.canWrite()) {
      err.println(writeWarning(report));
    }
    try (OpenStore store = open(add.store())) {
      boolean existed = store.repository().findById(dataSource.id()).isPresent();
      if (add.store().dataDir() != null) {
        // Locally the URL (and its password) goes to the data directory's secret store; the
        // query store keeps only the reference, as data sources created over the API do.
        String secret = secretName(dataSource.id());
        new LocalSecretStore(add.store().dataDir().resolve("secrets"))
            .put(secret, dataSource.connectionRef());
        dataSource = withConnectionRef(dataSource, "secret:" + secret);
      }
      store.repository().upsert(dataSource);
      DataSourceGrantRepository grants = store.grants();
      for (String principal : add.grants()) {
        grants.grant(dataSource.id(), principal, GRANTOR);
      }
      out.printf(
          "%s data source '%s' (schemas %s; connected as %s to PostgreSQL %s).%n",
          existed ? "Updated" : "Registered",
          dataSource.id(),
          String.join(", ", dataSource.allowedSchemas()),
          report.role(),
          report.serverVersion());
      if (add.grants().isEmpty()) {
        out.println(
            "Granted to nobody yet: only admins may ask about it (add --grant everyone, or"
                + " PUT /datasources/"
                + dataSource.id()
                + "/grants/{principal}).");
      } else {
        out.println("Granted to " + String.join(", ", add.grants()) + ".");
      }
      out.println(
          "Ask about it with \"dataSourceId\": \"" + dataSource.id() + "\" in POST /queries.");
    }
    return SqmCli.OK;
  }

  /** The local secret that holds the URL of data source {@code id} added from the command line. */
  static String secretName(String id) {
    return "datasource-" + id;
  }

  private static DataSourceConfig withConnectionRef(DataSourceConfig ds, String connectionRef) {
    return new DataSourceConfig(
        ds.id(),
        ds.name(),
        ds.description(),
        connectionRef,
        ds.allowedSchemas(),
        ds.enabled(),
        ds.limits());
  }

  static String writeWarning(DataSourceAccessCheck.Report report) {
    List<String> ways = new ArrayList<>();
    if (report.superuser()) {
      ways.add("it is a superuser");
    }
    ways.addAll(report.writePrivileges());
    if (report.unlistedWritePrivileges() > 0) {
      ways.add("and " + report.unlistedWritePrivileges() + " more");
    }
    return "warning: role '"
        + report.role()
        + "' can write to this database ("
        + String.join("; ", ways)
        + "). Every query runs read-only, but a dedicated read-only role is safer:"
        + " see ./sqm datasource grant.";
  }

  private Add parseAdd(List<String> args) throws UsageException {
    CliArgs cli = parse(args, Set.of("id", "jdbc-url", "schema", "name", "description", "grant"));
    String id = validId(cli.required("id"));
    String url = cli.required("jdbc-url").strip();
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new UsageException("--jdbc-url must be a jdbc:postgresql:// URL");
    }
    List<String> schemas = new ArrayList<>();
    for (String schema : cli.options("schema")) {
      schemas.add(text("schema", schema));
    }
    String name = cli.option("name").isPresent() ? text("name", cli.required("name")) : id;
    String description =
        cli.option("description").isPresent()
            ? text("description", cli.required("description"))
            : null;
    List<String> grants = new ArrayList<>();
    for (String principal : cli.options("grant")) {
      try {
        grants.add(DataSourceValidation.principal(principal));
      } catch (SqmException e) {
        throw new UsageException("--grant must be user:<id>, group:<name> or everyone");
      }
    }
    return new Add(
        new DataSourceConfig(id, name, description, url, schemas, true, null), grants, store(cli));
  }

  private static CliArgs parse(List<String> args, Set<String> commandOptions)
      throws UsageException {
    Set<String> options = new HashSet<>(commandOptions);
    options.addAll(STORE_VALUE_OPTIONS);
    return CliArgs.parse(args, options, Set.of()).atMostPositionals(0);
  }

  private Store store(CliArgs cli) throws UsageException {
    if (cli.option("db-url").isPresent()) {
      if (cli.option("data-dir").isPresent()) {
        throw new UsageException("give either --data-dir or --db-url, not both");
      }
      String url = cli.required("db-url");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new UsageException("--db-url must be a jdbc:postgresql:// URL");
      }
      return new Store(
          null,
          new MigrateCommand.Target(
              url,
              cli.option("user").orElse(null),
              cli.option("password").orElse(environment.get("PGPASSWORD"))));
    }
    if (cli.option("user").isPresent() || cli.option("password").isPresent()) {
      throw new UsageException("--user and --password are only used with --db-url");
    }
    return new Store(cli.option("data-dir").map(Path::of).orElse(defaultDataDir), null);
  }

  private static String validId(String id) throws UsageException {
    if (!id.matches(ID_PATTERN)) {
      throw new UsageException(
          "--id may only contain letters, digits and . _ - (at most 100, starting with a letter or"
              + " digit)");
    }
    return id;
  }

  private static String text(String option, String value) throws UsageException {
    String stripped = value.strip();
    if (stripped.isEmpty() || stripped.chars().anyMatch(Character::isISOControl)) {
      throw new UsageException("--" + option + " must not be blank or contain control characters");
    }
    return stripped;
  }

  private static OpenStore open(Store store) {
    if (store.appDatabase() != null) {
      MigrateCommand.Target target = store.appDatabase();
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(target.jdbcUrl());
      if (target.user() != null) {
        dataSource.setUser(target.user());
      }
      if (target.password() != null) {
        dataSource.setPassword(target.password());
      }
      dataSource.setConnectTimeout(5);
      return new OpenStore(dataSource, null);
    }
    LocalAppDatabase local = LocalAppDatabase.open(store.dataDir());
    return new OpenStore(local.dataSource(), local);
  }

  /** The query store's data sources, and the local Postgres to stop afterwards (if any). */
  private record OpenStore(DataSource dataSource, LocalAppDatabase local) implements AutoCloseable {
    DataSourceRepository repository() {
      return new JdbcDataSourceRepository(dataSource);
    }

    DataSourceGrantRepository grants() {
      return new JdbcDataSourceGrantRepository(dataSource);
    }

    @Override
    public void close() {
      if (local != null) {
        local.close();
      }
    }
  }

  /** The text of {@code datasource list}: one aligned row per data source, passwords masked. */
  static final class DataSourceTable {
    private DataSourceTable() {}

    static String render(List<DataSourceConfig> dataSources) {
      if (dataSources.isEmpty()) {
        return "No data sources registered." + System.lineSeparator();
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"ID", "NAME", "SCHEMAS", "ENABLED", "CONNECTION"});
      for (DataSourceConfig ds : dataSources) {
        rows.add(
            new String[] {
              ds.id(),
              ds.name(),
              String.join(",", ds.allowedSchemas()),
              ds.enabled() ? "yes" : "no",
              AppConfig.maskPassword(ds.connectionRef())
            });
      }
      int[] widths = new int[4];
      for (String[] row : rows) {
        for (int i = 0; i < widths.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      StringBuilder text = new StringBuilder();
      for (String[] row : rows) {
        for (int i = 0; i < widths.length; i++) {
          text.append(String.format("%-" + widths[i] + "s  ", row[i]));
        }
        text.append(row[4]).append(System.lineSeparator());
      }
      return text.toString();
    }
  }
}
