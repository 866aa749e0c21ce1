package com.sqm.local.eval;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Runs a gold query over plain JDBC in a read-only transaction that is rolled back, with a
 * statement timeout: gold queries are trusted text, so none of the product's guard applies.
 */
public final class GoldQueryRunner {
  private final long timeoutMs;

  public GoldQueryRunner(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  /** The whole result of {@code sql}. */
  public ResultTable run(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL statement_timeout = " + timeoutMs);
        try (ResultSet rs = s.executeQuery(sql)) {
          return read(rs);
        }
      } finally {
        c.rollback();
      }
    }
  }

  private static ResultTable read(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int width = meta.getColumnCount();
    List<String> columns = new ArrayList<>(width);
    for (int i = 1; i <= width; i++) {
      columns.add(meta.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(width);
      for (int i = 1; i <= width; i++) {
        row.add(value(rs, i, meta.getColumnTypeName(i)));
      }
      rows.add(row);
    }
    return new ResultTable(columns, rows);
  }

  /** The column's value as java.time (for date and time types), a list, or the driver's object. */
  private static Object value(ResultSet rs, int column, String typeName) throws SQLException {
    Object raw = rs.getObject(column);
    if (raw == null) {
      return null;
    }
    try {
      switch (typeName == null ? "" : typeName.toLowerCase(Locale.ROOT)) {
        case "date":
          return rs.getObject(column, LocalDate.class);
        case "timestamp":
          return rs.getObject(column, LocalDateTime.class);
        case "timestamptz":
          return rs.getObject(column, OffsetDateTime.class);
        case "time":
          return rs.getObject(column, LocalTime.class);
        case "timetz":
          return rs.getObject(column, OffsetTime.class);
        default:
          break;
      }
    } catch (SQLException | RuntimeException e) {
      // infinity has no java.time form; the server's text is what the product shows too
      return rs.getString(column);
    }
    if (raw instanceof byte[]) {
      return rs.getString(column);
    }
    if (raw instanceof Array array) {
      try {
        return Arrays.asList((Object[]) array.getArray());
      } catch (ClassCastException e) {
        return rs.getString(column);
      } finally {
        array.free();
      }
    }
    return raw;
  }
}
