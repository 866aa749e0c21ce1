package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import com.sqm.local.runtime.DataDirectory;
import com.sqm.local.runtime.LocalPostgres;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.secret.LocalSecretStore;
import com.sqm.sql.ReaderRoleGrants;
import com.sqm.store.JdbcDataSourceRepository;
import com.sqm.store.Migrations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sqm datasource add|list|remove} on a data directory, with and without a running dev. */
class DataSourceCommandIT {
  private static final String USER_DB = "datasource_cli_it_user";
  private static final String READER = "datasource_cli_reader";
  private static final String READER_PASSWORD = "cli-reader-pw";
  private static EmbeddedPostgresServer userServer;

  @TempDir Path dataDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void createUsersDatabase() throws Exception {
    userServer = SharedTestServices.postgres();
    if (userServer.createDatabaseIfMissing(USER_DB)) {
      try (Connection c = userServer.superuserDataSource(USER_DB).getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE shipments (id int PRIMARY KEY, site text)");
      }
      new ReaderRoleGrants(READER, List.of("public"), READER_PASSWORD)
          .apply(userServer.superuserDataSource(USER_DB));
    }
  }

  @Test
  void shouldAddListAndRemove_whenDevNotRunning() {
    int added =
        run(
            "datasource",
            "add",
            "--id",
            "shipping",
            "--jdbc-url",
            readerUrl(),
            "--name",
            "Shipping",
            "--data-dir",
            dataDir.toString());
    String addOutput = stdout();
    String addWarnings = stderr();
    int listed = run("datasource", "list", "--data-dir", dataDir.toString());
    String listing = stdout();
    String secretAfterAdd =
        new LocalSecretStore(dataDir.resolve("secrets")).value("datasource-shipping");
    int removed = run("datasource", "remove", "--id", "shipping", "--data-dir", dataDir.toString());
    int listedAfter = run("datasource", "list", "--data-dir", dataDir.toString());

    assertThat(added).isZero();
    assertThat(addOutput).contains("Registered data source 'shipping'", "connected as " + READER);
    assertThat(addWarnings).doesNotContain("warning");
    assertThat(listed).isZero();
    assertThat(listing)
        .contains("shipping", "Shipping", "public", "yes", "secret:datasource-shipping")
        .doesNotContain(READER_PASSWORD);
    assertThat(secretAfterAdd).isEqualTo(readerUrl());
    assertThat(removed).isZero();
    assertThat(dataDir.resolve("secrets/datasource-shipping")).doesNotExist();
    assertThat(listedAfter).isZero();
    assertThat(stdout()).contains("No data sources registered.");
  }

  @Test
  void shouldRegisterInRunningDevsPostgres_whenDevRunning() {
    try (EmbeddedPostgresServer dev = LocalPostgres.start(DataDirectory.prepare(dataDir), 0)) {
      dev.createDatabaseIfMissing(LocalRuntime.APP_DATABASE);
      Migrations.migrate(dev.superuserDataSource(LocalRuntime.APP_DATABASE));

      int added =
          run(
              "datasource",
              "add",
              "--id",
              "shipping-admin",
              "--jdbc-url",
              userServer.jdbcUrl(USER_DB),
              "--data-dir",
              dataDir.toString());

      assertThat(added).isZero();
      assertThat(stderr()).contains("warning: role 'postgres' can write", "superuser");
      assertThat(
              new JdbcDataSourceRepository(dev.superuserDataSource(LocalRuntime.APP_DATABASE))
                  .findById("shipping-admin"))
          .isPresent();
    }
  }

  @Test
  void shouldFailAndRegisterNothing_whenDatabaseUnreachable() {
    String url = "jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/none?user=u&password=p";

    int added =
        run(
            "datasource",
            "add",
            "--id",
            "gone",
            "--jdbc-url",
            url,
            "--data-dir",
            dataDir.toString());

    assertThat(added).isEqualTo(1);
    assertThat(stderr()).contains("sqm datasource: cannot connect to the data source");
    assertThat(dataDir.resolve("postgres")).doesNotExist();
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    SqmCli cli =
        new SqmCli(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dataDir);
    return cli.run(List.of(args));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static String readerUrl() {
    return "jdbc:postgresql://localhost:"
        + userServer.port()
        + "/"
        + USER_DB
        + "?user="
        + READER
        + "&password="
        + READER_PASSWORD;
  }
}
