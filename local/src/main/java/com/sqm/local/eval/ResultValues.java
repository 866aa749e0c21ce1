package com.sqm.local.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values compared by type: numbers by value (1, 1.0 and 1.00 are equal; a fractional value within a
 * small relative tolerance), dates and timestamps as points in time (ISO-8601 text included, as the
 * product's results carry them; a date equals the timestamp at its midnight), text exactly, and a
 * number never equals text or a boolean.
 */
final class ResultValues {
  /** Relative tolerance for values with a fraction: float and numeric arithmetic differ there. */
  static final double RELATIVE_TOLERANCE = 1e-6;

  static final double ABSOLUTE_TOLERANCE = 1e-9;

  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern ISO_DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");
  private static final Pattern ISO_OFFSET_DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern ISO_TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

  /** Kinds in the order used to sort values of different kinds. */
  private enum Kind {
    NULL,
    BOOLEAN,
    NUMBER,
    DATE_TIME,
    INSTANT,
    TIME,
    TEXT,
    LIST
  }

  private ResultValues() {}

  /** The comparable form of {@code value}: null, Boolean, BigDecimal, java.time, String or List. */
  static Object canonical(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : Double.toString(d);
    }
    if (value instanceof Timestamp ts) {
      return ts.toLocalDateTime();
    }
    if (value instanceof Date date) {
      return date.toLocalDate().atStartOfDay();
    }
    if (value instanceof Time time) {
      return time.toLocalTime();
    }
    if (value instanceof LocalDate date) {
      return date.atStartOfDay();
    }
    if (value instanceof LocalDateTime || value instanceof LocalTime || value instanceof Instant) {
      return value;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof OffsetTime ot) {
      return ot.toString();
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(canonical(v)));
      return out;
    }
    if (value instanceof Object[] array) {
      return canonical(List.of(array));
    }
    if (value instanceof String text) {
      return temporal(text);
    }
    return value.toString();
  }

  /** ISO-8601 text as the point in time it names; other text unchanged. */
  private static Object temporal(String text) {
    try {
      if (ISO_DATE.matcher(text).matches()) {
        return LocalDate.parse(text).atStartOfDay();
      }
      if (ISO_DATE_TIME.matcher(text).matches()) {
        return LocalDateTime.parse(text);
      }
      if (ISO_OFFSET_DATE_TIME.matcher(text).matches()) {
        return OffsetDateTime.parse(text).toInstant();
      }
      if (ISO_TIME.matcher(text).matches()) {
        return LocalTime.parse(text);
      }
    } catch (DateTimeParseException e) {
      // looked like a date but is not one (2023-02-30): compare it as the text it is
      return text;
    }
    return text;
  }

  /** Whether two canonical values are equal (numbers within the tolerance). */
  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return sameNumber(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return kind(a) == kind(b) && a.equals(b);
  }

  private static boolean sameNumber(BigDecimal x, BigDecimal y) {
    if (x.compareTo(y) == 0) {
      return true;
    }
    if (isWhole(x) && isWhole(y)) {
      // counts and ids are exact: no tolerance between two whole numbers
      return false;
    }
    double a = x.doubleValue();
    double b = y.doubleValue();
    return Math.abs(a - b)
        <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }

  private static boolean isWhole(BigDecimal x) {
    return x.signum() == 0 || x.stripTrailingZeros().scale() <= 0;
  }

  /** A total order on canonical values: by kind, then by value (nulls first). */
  static final Comparator<Object> ORDER = ResultValues::compare;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka != kb) {
      return ka.compareTo(kb);
    }
    return switch (ka) {
      case NULL -> 0;
      case LIST -> compareLists((List<?>) a, (List<?>) b);
      default -> ((Comparable) a).compareTo(b);
    };
  }

  private static int compareLists(List<?> a, List<?> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static Kind kind(Object value) {
    if (value == null) {
      return Kind.NULL;
    }
    if (value instanceof Boolean) {
      return Kind.BOOLEAN;
    }
    if (value instanceof BigDecimal) {
      return Kind.NUMBER;
    }
    if (value instanceof LocalDateTime) {
      return Kind.DATE_TIME;
    }
    if (value instanceof Instant) {
      return Kind.INSTANT;
    }
    if (value instanceof LocalTime) {
      return Kind.TIME;
    }
    if (value instanceof List) {
      return Kind.LIST;
    }
    return Kind.TEXT;
  }
}
