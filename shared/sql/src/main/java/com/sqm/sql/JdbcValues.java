package com.sqm.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns JDBC column values into JSON-friendly Java values: numbers, booleans, strings, ISO-8601,
 * lists.
 */
final class JdbcValues {
  private JdbcValues() {}

  static Object read(ResultSet rs, int column, String typeName) throws SQLException {
    String type = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    Object raw = rs.getObject(column);
    if (raw == null) {
      return null;
    }
    try {
      switch (type) {
        case "date":
          return rs.getObject(column, LocalDate.class).toString();
        case "timestamp":
          return rs.getObject(column, LocalDateTime.class).toString();
        case "timestamptz":
          return rs.getObject(column, OffsetDateTime.class).toString();
        case "time":
          return rs.getObject(column, LocalTime.class).toString();
        case "timetz":
          return rs.getObject(column, OffsetTime.class).toString();
        default:
          break;
      }
    } catch (SQLException | RuntimeException e) {
      // infinity and out-of-range values have no java.time form; the server's text is still
      // ISO-like
      return rs.getString(column);
    }
    if (raw instanceof Array array) {
      try {
        return toList(array.getArray());
      } finally {
        array.free();
      }
    }
    if (raw instanceof byte[]) {
      return rs.getString(column);
    }
    return plain(raw);
  }

  private static Object plain(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString() : d;
    }
    if (value instanceof Float f) {
      return f.isNaN() || f.isInfinite() ? f.toString() : f;
    }
    if (value instanceof Short s) {
      return s.intValue();
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof BigDecimal
        || value instanceof BigInteger
        || value instanceof Boolean
        || value instanceof String) {
      return value;
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime().toString();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().toString();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime().toString();
    }
    if (value instanceof Object[] array) {
      return toList(array);
    }
    return value.toString();
  }

  private static List<Object> toList(Object array) {
    List<Object> out = new ArrayList<>();
    if (array instanceof Object[] elements) {
      for (Object element : elements) {
        out.add(plain(element));
      }
    } else if (array != null) {
      // primitive arrays
      int length = java.lang.reflect.Array.getLength(array);
      for (int i = 0; i < length; i++) {
        out.add(plain(java.lang.reflect.Array.get(array, i)));
      }
    }
    return out;
  }
}
