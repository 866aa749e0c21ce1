package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.local.DataSourceCommand.Add;
import com.sqm.local.DataSourceCommand.ListAll;
import com.sqm.local.DataSourceCommand.Remove;
import com.sqm.model.DataSourceConfig;
import com.sqm.sql.DataSourceAccessCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSourceCommandTest {
  private static final Path DEFAULT_DIR = Path.of("/repo/.sqm");
  private static final String URL = "jdbc:postgresql://db:5432/sales?user=ro&password=s3cret";

  private final DataSourceCommand command =
      new DataSourceCommand(
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          Map.of("PGPASSWORD", "from-env"),
          DEFAULT_DIR);

  @Test
  void shouldUseDefaultsOfDataSourceAndStore_whenOnlyIdAndUrlGiven() throws Exception {
    Add add = (Add) command.parse(List.of("add", "--id", "sales", "--jdbc-url", URL));

    DataSourceConfig ds = add.dataSource();
    assertThat(ds.id()).isEqualTo("sales");
    assertThat(ds.name()).isEqualTo("sales");
    assertThat(ds.connectionRef()).isEqualTo(URL);
    assertThat(ds.allowedSchemas()).containsExactly("public");
    assertThat(ds.enabled()).isTrue();
    assertThat(add.store().dataDir()).isEqualTo(DEFAULT_DIR);
    assertThat(add.store().appDatabase()).isNull();
  }

  @Test
  void shouldKeepEverySchemaAndText_whenRepeatedAndDescribed() throws Exception {
    Add add =
        (Add)
            command.parse(
                List.of(
                    "add",
                    "--id",
                    "sales.eu",
                    "--jdbc-url",
                    URL,
                    "--schema",
                    "public",
                    "--schema",
                    "reporting",
                    "--name",
                    "Sales EU",
                    "--description",
                    " Orders by region ",
                    "--grant",
                    "group:sales",
                    "--grant",
                    "everyone",
                    "--data-dir",
                    "/tmp/scratch"));

    assertThat(add.dataSource().allowedSchemas()).containsExactly("public", "reporting");
    assertThat(add.dataSource().name()).isEqualTo("Sales EU");
    assertThat(add.dataSource().description()).isEqualTo("Orders by region");
    assertThat(add.store().dataDir()).isEqualTo(Path.of("/tmp/scratch"));
    assertThat(add.grants()).containsExactly("group:sales", "everyone");
  }

  @Test
  void shouldFailAsUsage_whenAGrantIsNoPrincipal() {
    assertThatThrownBy(
            () -> command.parse(List.of("add", "--id", "x", "--jdbc-url", URL, "--grant", "alice")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--grant");
  }

  @Test
  void shouldTargetAppDatabase_whenDbUrlGiven() throws Exception {
    ListAll list =
        (ListAll)
            command.parse(List.of("list", "--db-url", "jdbc:postgresql://app/sqm", "--user", "a"));

    assertThat(list.store().dataDir()).isNull();
    assertThat(list.store().appDatabase())
        .isEqualTo(new MigrateCommand.Target("jdbc:postgresql://app/sqm", "a", "from-env"));
  }

  @Test
  void shouldParseId_whenRemoving() throws Exception {
    Remove remove = (Remove) command.parse(List.of("remove", "--id", "sales"));

    assertThat(remove.id()).isEqualTo("sales");
  }

  @Test
  void shouldFailWithUsage_whenArgumentsWrong() {
    assertUsage("needs a sub-command", "drop");
    assertUsage("--id is required", "add", "--jdbc-url", URL);
    assertUsage("--jdbc-url is required", "add", "--id", "x");
    assertUsage("--id may only contain", "add", "--id", "a b", "--jdbc-url", URL);
    assertUsage("jdbc:postgresql://", "add", "--id", "x", "--jdbc-url", "jdbc:mysql://db/x");
    assertUsage("control characters", "add", "--id", "x", "--jdbc-url", URL, "--name", "a\u0007");
    assertUsage("not both", "list", "--data-dir", "d", "--db-url", "jdbc:postgresql://a/b");
    assertUsage("only used with --db-url", "list", "--user", "admin");
    assertUsage("--id is required", "remove");
    assertUsage("unknown option --force", "remove", "--id", "x", "--force");
  }

  @Test
  void shouldMaskPasswords_whenListing() {
    String table =
        DataSourceCommand.DataSourceTable.render(
            List.of(
                new DataSourceConfig("sales", "Sales", null, URL, List.of("public"), true, null),
                new DataSourceConfig(
                    "hr", "HR", null, "env:HR_URL", List.of("people", "org"), false, null)));

    assertThat(table)
        .contains("ID", "NAME", "SCHEMAS", "ENABLED", "CONNECTION")
        .contains("password=****", "env:HR_URL", "people,org")
        .doesNotContain("s3cret");
    assertThat(table.lines()).hasSize(3);
  }

  @Test
  void shouldNameEveryWayToWrite_whenRoleCanWrite() {
    var report =
        new DataSourceAccessCheck.Report(
            "app", "14.22", true, List.of("DELETE on public.orders"), 3, List.of());

    assertThat(DataSourceCommand.writeWarning(report))
        .contains("'app'", "superuser", "DELETE on public.orders", "and 3 more", "grant");
  }

  private void assertUsage(String message, String... args) {
    assertThatThrownBy(() -> command.parse(List.of(args)))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }
}
