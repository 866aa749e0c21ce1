package com.sqm.ai;

import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Runs SQL with plain JDBC for the tests and compares result sets as data. */
final class JdbcRows {
  private JdbcRows() {}

  static DataResult run(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<ColumnMeta> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(new ColumnMeta(md.getColumnLabel(i), md.getColumnTypeName(i)));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return new DataResult(columns, rows, rows.size(), false);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + sql + " -- " + e.getMessage(), e);
    }
  }

  /**
   * The first {@code width} columns of each row, numbers as stripped BigDecimals and other values
   * as text.
   */
  static List<List<String>> normalised(DataResult result, int width) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < width && i < row.size(); i++) {
        Object v = row.get(i);
        cells.add(
            v instanceof Number n
                ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
                : String.valueOf(v));
      }
      out.add(cells);
    }
    return out;
  }
}
