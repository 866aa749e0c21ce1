package com.sqm.schema;

import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import com.sqm.sql.DataSourceQueryException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads what a PostgreSQL data source holds (tables, views, columns, keys, comments, row estimates
 * and the values of low-cardinality text columns) inside one read-only transaction.
 */
public final class SchemaIntrospector {
  /** Text columns with at most this many distinct values get them as samples. */
  public static final int DEFAULT_MAX_SAMPLE_VALUES = 30;

  // Tables estimated below this are counted exactly: cheap, and reltuples is coarse for them.
  private static final long EXACT_COUNT_BELOW = 10_000;
  // Distinct values are looked for in at most this many rows, so sampling stays cheap on big
  // tables.
  private static final int SAMPLE_SCAN_ROWS = 100_000;
  private static final int MAX_SAMPLE_LENGTH = 80;
  private static final Set<String> TEXT_TYPES =
      Set.of("text", "character varying", "character", "citext", "name");

  private final int maxSampleValues;

  public SchemaIntrospector() {
    this(DEFAULT_MAX_SAMPLE_VALUES);
  }

  public SchemaIntrospector(int maxSampleValues) {
    this.maxSampleValues = maxSampleValues;
  }

  /** A snapshot of the tables and views in {@code schemas}, ordered by schema and name. */
  public SchemaSnapshot introspect(DataSource ds, List<String> schemas) {
    try (Connection c = ds.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION READ ONLY");
        s.execute("SET LOCAL statement_timeout = '30s'");
        return new SchemaSnapshot(readTables(c, schemas));
      } finally {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      // DATASOURCE_ERROR, transient when the data source is unreachable, not an internal error
      throw DataSourceQueryException.from(e, "could not read the schema of the data source");
    }
  }

  private List<Table> readTables(Connection c, List<String> schemas) throws SQLException {
    record RawTable(
        long oid, String schema, String name, String kind, String comment, long reltuples) {}
    List<RawTable> raw = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT c.oid, n.nspname, c.relname, c.relkind, obj_description(c.oid, 'pg_class'), c.reltuples::bigint
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
            ORDER BY n.nspname, c.relname""")) {
      ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          raw.add(
              new RawTable(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6)));
        }
      }
    }
    List<Table> tables = new ArrayList<>();
    for (RawTable t : raw) {
      List<ColumnInfo> columns = readColumns(c, t.oid());
      long rows = rowCount(c, t.schema(), t.name(), t.kind(), t.reltuples());
      List<Column> withSamples = new ArrayList<>();
      for (ColumnInfo col : columns) {
        List<String> samples =
            col.primaryKey() || !TEXT_TYPES.contains(baseType(col.dataType()))
                ? List.of()
                : sampleValues(c, t.schema(), t.name(), col.name());
        withSamples.add(
            new Column(
                col.name(),
                col.dataType(),
                col.nullable(),
                col.primaryKey(),
                col.comment(),
                samples));
      }
      tables.add(
          new Table(
              t.schema(),
              t.name(),
              t.comment(),
              List.copyOf(withSamples),
              readForeignKeys(c, t.oid()),
              rows));
    }
    return List.copyOf(tables);
  }

  private record ColumnInfo(
      String name, String dataType, boolean nullable, boolean primaryKey, String comment) {}

  private static List<ColumnInfo> readColumns(Connection c, long oid) throws SQLException {
    List<ColumnInfo> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
                   EXISTS (SELECT 1 FROM pg_constraint k
                           WHERE k.conrelid = a.attrelid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)),
                   col_description(a.attrelid, a.attnum)
            FROM pg_attribute a
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new ColumnInfo(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getBoolean(3),
                  rs.getBoolean(4),
                  rs.getString(5)));
        }
      }
    }
    return columns;
  }

  private static List<ForeignKey> readForeignKeys(Connection c, long oid) throws SQLException {
    List<ForeignKey> keys = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT k.conname, rn.nspname, r.relname,
                   ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i)::text[],
                   ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)::text[]
            FROM pg_constraint k
            JOIN pg_class r ON r.oid = k.confrelid
            JOIN pg_namespace rn ON rn.oid = r.relnamespace
            WHERE k.conrelid = ? AND k.contype = 'f'
            ORDER BY k.conname""")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(
              new ForeignKey(
                  strings(rs.getArray(4)),
                  rs.getString(2),
                  rs.getString(3),
                  strings(rs.getArray(5))));
        }
      }
    }
    return List.copyOf(keys);
  }

  private static long rowCount(
      Connection c, String schema, String table, String kind, long reltuples) throws SQLException {
    boolean countable = !"v".equals(kind) && !"f".equals(kind);
    if (!countable || (reltuples >= EXACT_COUNT_BELOW)) {
      return Math.max(reltuples, 0);
    }
    // Never analysed (-1) or small: count, but stop counting at the threshold.
    String sql =
        "SELECT count(*) FROM (SELECT 1 FROM "
            + SqlIdentifiers.qualified(schema, table)
            + " LIMIT "
            + (reltuples < 0 ? 1_000_000 : EXACT_COUNT_BELOW)
            + ") s";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<String> sampleValues(Connection c, String schema, String table, String column)
      throws SQLException {
    String col = SqlIdentifiers.quote(column);
    String sql =
        "SELECT DISTINCT v FROM (SELECT "
            + col
            + "::text AS v FROM "
            + SqlIdentifiers.qualified(schema, table)
            + " WHERE "
            + col
            + " IS NOT NULL LIMIT "
            + SAMPLE_SCAN_ROWS
            + ") s ORDER BY v LIMIT "
            + (maxSampleValues + 1);
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    boolean tooMany = values.size() > maxSampleValues;
    boolean tooLong = values.stream().anyMatch(v -> v.length() > MAX_SAMPLE_LENGTH);
    return tooMany || tooLong ? List.of() : List.copyOf(values);
  }

  private static String baseType(String formatted) {
    int paren = formatted.indexOf('(');
    return (paren < 0 ? formatted : formatted.substring(0, paren)).trim().toLowerCase(Locale.ROOT);
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
  }
}
