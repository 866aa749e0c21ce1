package com.sqm.pipeline;

import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a result's columns by their values (and database types only when values are missing):
 * labels, measures, dates.
 */
final class ResultColumns {
  enum Role {
    NUMBER,
    TEMPORAL,
    TEXT,
    OTHER
  }

  /** A date, or a timestamp with an optional offset, written as ISO text. */
  private static final Pattern DATE_TEXT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T][\\d:.]+)?([+-]\\d{2}(:?\\d{2})?|Z)?");

  private static final Pattern DATE_PREFIX = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final DataResult result;
  private final Role[] roles;

  ResultColumns(DataResult result) {
    this.result = result;
    this.roles = new Role[result.columns().size()];
    for (int i = 0; i < roles.length; i++) {
      roles[i] = roleOf(i);
    }
  }

  Role role(int column) {
    return roles[column];
  }

  int size() {
    return roles.length;
  }

  /** The column that names each row: first text column, else first date column; -1 if none. */
  int label() {
    for (int i = 0; i < roles.length; i++) {
      if (roles[i] == Role.TEXT) {
        return i;
      }
    }
    for (int i = 0; i < roles.length; i++) {
      if (roles[i] == Role.TEMPORAL) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The measured number: the first numeric column after the label that is not an identifier; -1 if
   * none.
   */
  int measure() {
    int label = label();
    int fallback = -1;
    for (int i = 0; i < roles.length; i++) {
      if (roles[i] != Role.NUMBER || isIdentifier(i)) {
        continue;
      }
      if (i > label) {
        return i;
      }
      fallback = fallback < 0 ? i : fallback;
    }
    return fallback;
  }

  /** Whole numbers, all different, in a column named like a key ("id", "customer_id"). */
  boolean isIdentifier(int column) {
    String name = result.columns().get(column).name().toLowerCase(Locale.ROOT);
    if (!(name.equals("id") || name.endsWith("_id") || name.endsWith("id") && name.length() <= 4)) {
      return false;
    }
    Set<Object> seen = new HashSet<>();
    for (List<Object> row : result.rows()) {
      Object v = row.get(column);
      if (v instanceof Number n && n.doubleValue() != Math.rint(n.doubleValue()) || !seen.add(v)) {
        return false;
      }
    }
    return result.rows().size() > 1 || !seen.isEmpty();
  }

  boolean uniqueValues(int column) {
    Set<Object> seen = new HashSet<>();
    return result.rows().stream().allMatch(r -> seen.add(r.get(column)));
  }

  /** How many different values (null included) the column holds. */
  int distinctValues(int column) {
    Set<Object> seen = new HashSet<>();
    result.rows().forEach(r -> seen.add(r.get(column)));
    return seen.size();
  }

  static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static LocalDate date(Object v) {
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime().toLocalDate();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof LocalDateTime d) {
      return d.toLocalDate();
    }
    if (v instanceof OffsetDateTime d) {
      return d.toLocalDate();
    }
    if (v instanceof String s && DATE_PREFIX.matcher(s).lookingAt()) {
      return LocalDate.parse(s.substring(0, 10));
    }
    return null;
  }

  private Role roleOf(int column) {
    Role seen = null;
    for (List<Object> row : result.rows()) {
      Object v = row.get(column);
      if (v == null) {
        continue;
      }
      Role r = valueRole(v);
      if (seen == null) {
        seen = r;
      } else if (seen != r) {
        return Role.TEXT;
      }
    }
    return seen != null ? seen : typeRole(result.columns().get(column));
  }

  private static Role valueRole(Object v) {
    if (v instanceof Number) {
      return Role.NUMBER;
    }
    if (v instanceof java.util.Date || v instanceof Temporal) {
      return Role.TEMPORAL;
    }
    if (v instanceof String s) {
      return DATE_TEXT.matcher(s).matches() ? Role.TEMPORAL : Role.TEXT;
    }
    return Role.OTHER;
  }

  private static Role typeRole(ColumnMeta meta) {
    String t = meta.type() == null ? "" : meta.type().toLowerCase(Locale.ROOT);
    if (t.startsWith("int")
        || t.startsWith("numeric")
        || t.startsWith("float")
        || t.equals("bigint")
        || t.startsWith("double")
        || t.equals("real")
        || t.equals("decimal")
        || t.equals("smallint")) {
      return Role.NUMBER;
    }
    if (t.startsWith("date") || t.startsWith("timestamp")) {
      return Role.TEMPORAL;
    }
    return t.startsWith("bool") ? Role.OTHER : Role.TEXT;
  }
}
