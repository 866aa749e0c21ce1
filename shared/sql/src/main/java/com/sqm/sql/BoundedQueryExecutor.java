package com.sqm.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs guarded SQL wrapped as {@code SELECT * FROM (<sql>) AS sqm_q LIMIT cap+1}, so the row cap is
 * the server's, and stops adding rows once their JSON size passes the byte cap; either cut marks it
 * truncated.
 */
final class BoundedQueryExecutor {
  /**
   * Small enough that rows of up to DataSourcePools.MAX_FETCH_BUFFER_BYTES / FETCH_SIZE bytes each
   * fit the driver's per-fetch buffer; wider rows end the query as too large instead of being read.
   */
  private static final int FETCH_SIZE = 100;

  private final ObjectMapper json;

  BoundedQueryExecutor(ObjectMapper json) {
    this.json = json;
  }

  DataResult fetch(Connection connection, GuardedSql sql, int rowCap, long maxBytes)
      throws SQLException {
    String wrapped = "SELECT * FROM (\n" + sql.sql() + "\n) AS sqm_q LIMIT " + (rowCap + 1);
    try (Statement s = connection.createStatement()) {
      s.setEscapeProcessing(false);
      s.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = s.executeQuery(wrapped)) {
        ResultSetMetaData meta = rs.getMetaData();
        List<ColumnMeta> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(new ColumnMeta(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
          types.add(meta.getColumnTypeName(i));
        }
        long bytes = jsonSize(columns);
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
          if (rows.size() == rowCap) {
            truncated = true;
            break;
          }
          List<Object> row = new ArrayList<>(types.size());
          for (int i = 1; i <= types.size(); i++) {
            row.add(JdbcValues.read(rs, i, types.get(i - 1)));
          }
          bytes += jsonSize(row) + 1;
          if (bytes > maxBytes) {
            truncated = true;
            break;
          }
          rows.add(row);
        }
        return new DataResult(columns, rows, rows.size(), truncated);
      }
    }
  }

  private long jsonSize(Object value) throws SQLException {
    try {
      return json.writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new SQLException("result value cannot be serialised as JSON", e);
    }
  }
}
