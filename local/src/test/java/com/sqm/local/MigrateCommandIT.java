package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sqm migrate} against a real, empty PostgreSQL database. */
class MigrateCommandIT {
  private static final String DATABASE = "migrate_command_it";

  @TempDir Path dataDir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void shouldCreateTheSchemaAndBeSafeToRunAgain_whenDatabaseIsEmpty() throws SQLException {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    postgres.createDatabaseIfMissing(DATABASE);
    String url = postgres.jdbcUrl(DATABASE);

    int first = run("migrate", "--jdbc-url", url);
    int second = run("migrate", "--jdbc-url", url);

    assertThat(first).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(second).isZero();
    assertThat(tables(postgres)).contains("user_query", "data_source", "query_template");
  }

  private int run(String... args) {
    return new SqmCli(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dataDir)
        .run(List.of(args));
  }

  private static List<String> tables(EmbeddedPostgresServer postgres) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = postgres.superuserDataSource(DATABASE).getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }
}
