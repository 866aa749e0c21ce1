package com.sqm.local.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.schema.SqlIdentifiers;
import com.sqm.sql.ReaderRoleGrants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads each evaluation database into its own database of an embedded Postgres: {@code <db>.sql}
 * (DDL and rows, in one transaction), the column descriptions of {@code <db>.json} as {@code
 * COMMENT ON COLUMN}, then {@code ANALYZE}; a database that already has tables is reused as it is.
 * The product reads it through a read-only role, like any registered data source.
 */
public final class EvalDatabases {
  static final String READER_ROLE = "sqm_eval_reader";
  private static final Logger log = LoggerFactory.getLogger(EvalDatabases.class);
  private static final List<String> SCHEMAS = List.of("public");

  private final EmbeddedPostgresServer postgres;
  private final EvalDataset dataset;
  private final String readerPassword;
  private final Map<String, LoadedDatabase> loaded = new ConcurrentHashMap<>();

  public EvalDatabases(
      EmbeddedPostgresServer postgres, EvalDataset dataset, String readerPassword) {
    this.postgres = postgres;
    this.dataset = dataset;
    this.readerPassword = readerPassword;
  }

  /** Database {@code name}, loaded on first use. */
  public LoadedDatabase get(String name) {
    return loaded.computeIfAbsent(name, this::load);
  }

  private LoadedDatabase load(String name) {
    Path dir = dataset.databaseDir(name);
    Path sql = dir.resolve(name + ".sql");
    if (!Files.isRegularFile(sql)) {
      throw new IllegalArgumentException("no " + sql + " for database " + name);
    }
    postgres.createDatabaseIfMissing(name);
    DataSource superuser = postgres.superuserDataSource(name);
    try (Connection c = superuser.getConnection()) {
      if (hasTables(c)) {
        log.debug("evaluation database {} already loaded; reusing it", name);
      } else {
        long start = System.nanoTime();
        fill(c, sql, dir.resolve(name + ".json"));
        log.debug(
            "loaded evaluation database {} in {} ms",
            name,
            (System.nanoTime() - start) / 1_000_000);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "loading evaluation database " + name + " failed: " + e.getMessage(), e);
    }
    new ReaderRoleGrants(READER_ROLE, SCHEMAS, readerPassword).apply(superuser);
    String connectionRef =
        "jdbc:postgresql://127.0.0.1:"
            + postgres.port()
            + "/"
            + name
            + "?user="
            + READER_ROLE
            + "&password="
            + readerPassword;
    // The product's row and byte caps bound what a user is shown; a result cut short by them
    // would be scored wrong for a reason that is not the SQL, so they are raised to the maximum.
    DataSourceLimits limits =
        new DataSourceLimits(
            DataSourceLimits.DEFAULTS.statementTimeoutMs(),
            DataSourceLimits.HARD_MAX_ROWS,
            DataSourceLimits.DEFAULTS.maxResultBytes() * 8,
            DataSourceLimits.DEFAULTS.maxCost(),
            DataSourceLimits.DEFAULTS.maxEstimatedRows());
    return new LoadedDatabase(
        name,
        superuser,
        new DataSourceConfig("eval-" + name, name, "", connectionRef, SCHEMAS, true, limits));
  }

  private static boolean hasTables(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' LIMIT 1")) {
      return rs.next();
    }
  }

  private static void fill(Connection c, Path sql, Path metadata) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(read(sql));
      if (Files.isRegularFile(metadata)) {
        applyDescriptions(s, readJson(metadata));
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    try (Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    }
  }

  /**
   * {@code table_metadata} descriptions as column comments. The JSON spells names as the DDL did
   * (sbCustomer) while Postgres folded them (sbcustomer), so names are matched ignoring case.
   */
  private static void applyDescriptions(Statement s, JsonNode metadata) throws SQLException {
    Map<String, String[]> columns = publicColumns(s);
    for (Map.Entry<String, JsonNode> table : metadata.path("table_metadata").properties()) {
      for (JsonNode column : table.getValue()) {
        String description = column.path("column_description").asText("");
        String[] actual = columns.get(key(table.getKey(), column.path("column_name").asText("")));
        if (description.isBlank() || actual == null) {
          continue;
        }
        s.execute(
            "COMMENT ON COLUMN "
                + SqlIdentifiers.qualified("public", actual[0])
                + "."
                + SqlIdentifiers.quote(actual[1])
                + " IS "
                + SqlIdentifiers.literal(description));
      }
    }
  }

  private static Map<String, String[]> publicColumns(Statement s) throws SQLException {
    Map<String, String[]> columns = new HashMap<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT table_name, column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public'")) {
      while (rs.next()) {
        columns.put(
            key(rs.getString(1), rs.getString(2)), new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return columns;
  }

  private static String key(String table, String column) {
    return table.toLowerCase(Locale.ROOT) + "." + column.toLowerCase(Locale.ROOT);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
