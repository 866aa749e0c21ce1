package com.sqm.ai;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds date ranges ("in 2025", "March 2024", "Q1 2023", "last 30 days") and time grains ("per
 * month") in a question.
 */
final class TimePhrases {
  /**
   * A date range as SQL bounds: {@code lower <= d < upper}; either may be null; {@code month}
   * filters a month of any year.
   */
  record TimeFilter(
      String description,
      String lowerSql,
      String upperSql,
      Integer month,
      String unit,
      Integer yearNumber) {
    TimeFilter(String description, String lowerSql, String upperSql, Integer month) {
      this(description, lowerSql, upperSql, month, null, null);
    }

    TimeFilter(String description, String lowerSql, String upperSql, Integer month, String unit) {
      this(description, lowerSql, upperSql, month, unit, null);
    }

    /** The calendar year this filter is, or null: "in 2021". */
    Integer wholeYear() {
      if (!"year".equals(unit) || lowerSql == null || upperSql == null || month != null) {
        return null;
      }
      Matcher m = FIRST_OF_YEAR.matcher(lowerSql);
      return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    /** The same year, for a column that holds the year as a number ("year = 2021"). */
    TimeFilter onYearNumber() {
      return new TimeFilter(description, null, null, null, null, wholeYear());
    }

    /**
     * The period of the same length right before this one ("the month before"), or null when this
     * filter is not one calendar period.
     */
    TimeFilter previous() {
      if (unit == null
          || lowerSql == null
          || upperSql == null
          || month != null
          || yearNumber != null) {
        return null;
      }
      return new TimeFilter(
          "the " + unit + " before " + description,
          "(" + lowerSql + ") - INTERVAL '" + interval(unit) + "'",
          lowerSql,
          null,
          unit);
    }

    String sql(String column) {
      if (yearNumber != null) {
        return column + " = " + yearNumber;
      }
      StringBuilder sb = new StringBuilder();
      if (lowerSql != null) {
        sb.append(column).append(" >= ").append(lowerSql);
      }
      if (upperSql != null) {
        sb.append(sb.isEmpty() ? "" : " AND ").append(column).append(" < ").append(upperSql);
      }
      if (month != null) {
        sb.append(sb.isEmpty() ? "" : " AND ")
            .append("EXTRACT(MONTH FROM ")
            .append(column)
            .append(") = ")
            .append(month);
      }
      return sb.toString();
    }
  }

  private static final Pattern FIRST_OF_YEAR = Pattern.compile("DATE '(\\d{4})-01-01'");

  static final List<String> MONTHS =
      List.of(
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");
  private static final Map<String, String> GRAIN_WORDS =
      Map.ofEntries(
          Map.entry("day", "day"),
          Map.entry("daily", "day"),
          Map.entry("date", "day"),
          Map.entry("week", "week"),
          Map.entry("weekly", "week"),
          Map.entry("month", "month"),
          Map.entry("monthly", "month"),
          Map.entry("quarter", "quarter"),
          Map.entry("quarterly", "quarter"),
          Map.entry("year", "year"),
          Map.entry("yearly", "year"),
          Map.entry("annual", "year"),
          Map.entry("annually", "year"));
  private static final Map<String, Integer> ORDINALS =
      Map.of("first", 1, "second", 2, "third", 3, "fourth", 4, "last", 4);

  private static final List<String> UNITS = List.of("day", "week", "month", "year", "quarter");

  private TimePhrases() {}

  static boolean isUnit(String stem) {
    return UNITS.contains(stem);
  }

  /** One {@code unit} as a PostgreSQL interval (which has no "quarter" unit). */
  static String interval(String unit) {
    return unit.equals("quarter") ? "3 months" : "1 " + unit;
  }

  /**
   * The grain of a "per month" / "monthly" / "by week" / "over time" phrase, marking its words
   * used.
   */
  static Optional<String> grain(List<String> words, boolean[] used) {
    return grain(words, used, Set.of());
  }

  /** Like {@link #grain(List, boolean[])}, skipping the words at {@code names} (part of a name). */
  static Optional<String> grain(List<String> words, boolean[] used, Set<Integer> names) {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (names.contains(i)) {
        continue;
      }
      boolean adjective = w.endsWith("ly") || w.equals("annual");
      boolean afterGroupWord =
          i > 0 && List.of("per", "by", "each", "every", "a").contains(words.get(i - 1));
      String grain = GRAIN_WORDS.get(Words.stem(w));
      if (grain != null && (adjective || afterGroupWord)) {
        used[i] = true;
        if (afterGroupWord) {
          used[i - 1] = true;
        }
        return Optional.of(grain);
      }
      if (w.equals("over") && i + 1 < words.size() && words.get(i + 1).equals("time")) {
        used[i] = true;
        used[i + 1] = true;
        return Optional.of("month");
      }
    }
    return Optional.empty();
  }

  /** The date range a question names, marking its words used. */
  static Optional<TimeFilter> filter(List<String> words, boolean[] used) {
    Optional<TimeFilter> days = CalendarDates.range(words, used);
    if (days.isPresent()) {
      return days;
    }
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (List.of("last", "past", "previous").contains(w) && i + 1 < words.size()) {
        Optional<TimeFilter> relative = relative(words, used, i);
        if (relative.isPresent()) {
          return relative;
        }
      }
      if (w.equals("this") || w.equals("current")) {
        String unit = i + 1 < words.size() ? Words.stem(words.get(i + 1)) : "";
        if (List.of("year", "month", "week", "quarter").contains(unit)) {
          mark(used, i, i + 1);
          return Optional.of(
              new TimeFilter(
                  "this " + unit,
                  "date_trunc('" + unit + "', CURRENT_DATE)",
                  "date_trunc('" + unit + "', CURRENT_DATE) + INTERVAL '" + interval(unit) + "'",
                  null,
                  unit));
        }
      }
      if (w.equals("today")) {
        mark(used, i, i);
        return Optional.of(
            new TimeFilter("today", "CURRENT_DATE", "CURRENT_DATE + 1", null, "day"));
      }
      if (w.equals("yesterday")) {
        mark(used, i, i);
        return Optional.of(
            new TimeFilter("yesterday", "CURRENT_DATE - 1", "CURRENT_DATE", null, "day"));
      }
    }
    return absolute(words, used);
  }

  private static Optional<TimeFilter> relative(List<String> words, boolean[] used, int i) {
    String next = words.get(i + 1);
    Integer n = QuestionNumbers.parse(next);
    int unitAt = n == null ? i + 1 : i + 2;
    if (unitAt >= words.size()) {
      return Optional.empty();
    }
    String unit = Words.stem(words.get(unitAt));
    if (!isUnit(unit)) {
      return Optional.empty();
    }
    boolean ofYear =
        unitAt + 2 < words.size()
            && List.of("of", "in").contains(words.get(unitAt + 1))
            && words.get(unitAt + 2).matches("(19|20)\\d\\d");
    if (ofYear) {
      // "the last quarter of 2024" is a period of that year, not relative to today.
      return Optional.empty();
    }
    mark(used, i, unitAt);
    if (n == null) {
      // "last month": the previous calendar period.
      String start = "date_trunc('" + unit + "', CURRENT_DATE)";
      return Optional.of(
          new TimeFilter(
              "last " + unit, start + " - INTERVAL '" + interval(unit) + "'", start, null, unit));
    }
    String interval =
        unit.equals("quarter") ? (3 * n) + " months" : n + " " + unit + (n == 1 ? "" : "s");
    markInclusiveBound(words, used, unitAt + 1, n, unit);
    return Optional.of(
        new TimeFilter(
            "last " + n + " " + unit + "s",
            "CURRENT_DATE - INTERVAL '" + interval + "'",
            null,
            null));
  }

  /**
   * "the past 30 days, inclusive of today('s date)" or "inclusive of 30 days ago": bounds the range
   * already has, consumed.
   */
  private static void markInclusiveBound(
      List<String> words, boolean[] used, int after, int n, String unit) {
    if (after + 1 >= words.size()
        || !List.of("inclusive", "including").contains(words.get(after))) {
      return;
    }
    int at = after + (words.get(after + 1).equals("of") ? 2 : 1);
    if (at < words.size() && words.get(at).equals("today")) {
      boolean date = at + 1 < words.size() && words.get(at + 1).equals("date");
      mark(used, after, date ? at + 1 : at);
    } else if (at + 2 < words.size()
        && Integer.valueOf(n).equals(QuestionNumbers.parse(words.get(at)))
        && Words.stem(words.get(at + 1)).equals(unit)
        && words.get(at + 2).equals("ago")) {
      mark(used, after, at + 2);
    }
  }

  private static Optional<TimeFilter> absolute(List<String> words, boolean[] used) {
    Integer year = null;
    Integer secondYear = null;
    int yearAt = -1;
    for (int i = 0; i < words.size(); i++) {
      if (!used[i] && words.get(i).matches("(19|20)\\d\\d")) {
        if (year == null) {
          year = Integer.parseInt(words.get(i));
          yearAt = i;
        } else if (secondYear == null) {
          secondYear = Integer.parseInt(words.get(i));
        }
        used[i] = true;
      }
    }
    Integer quarter = null;
    Integer month = null;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (used[i]) {
        continue;
      }
      if (w.matches("q[1-4]")) {
        quarter = w.charAt(1) - '0';
        used[i] = true;
      } else if (ORDINALS.containsKey(w)
          && i + 1 < words.size()
          && words.get(i + 1).equals("quarter")) {
        quarter = ORDINALS.get(w);
        mark(used, i, i + 1);
      } else {
        int m = monthIndex(w);
        // "may" is a month only next to a year or after "in".
        boolean ambiguous =
            w.equals("may")
                && !(i > 0 && words.get(i - 1).equals("in"))
                && Math.abs(i - yearAt) != 1;
        if (m > 0 && !ambiguous) {
          month = m;
          used[i] = true;
        }
      }
    }
    if (year == null) {
      return month == null
          ? Optional.empty()
          : Optional.of(new TimeFilter(MONTHS.get(month - 1), null, null, month));
    }
    boolean since =
        yearAt > 0
            && List.of("since", "after", "from").contains(words.get(yearAt - 1))
            && secondYear == null;
    if (since || secondYear != null && yearAt > 0 && words.get(yearAt - 1).equals("between")) {
      // "since 2023", "between 2022 and 2023": the word is part of the range.
      used[yearAt - 1] = true;
    }
    LocalDate from;
    LocalDate to;
    String description;
    String unit = null;
    if (quarter != null) {
      from = LocalDate.of(year, 3 * (quarter - 1) + 1, 1);
      to = from.plusMonths(3);
      description = "Q" + quarter + " " + year;
      unit = "quarter";
    } else if (month != null) {
      from = LocalDate.of(year, month, 1);
      to = from.plusMonths(1);
      description = capitalise(MONTHS.get(month - 1)) + " " + year;
      unit = "month";
    } else if (secondYear != null) {
      from = LocalDate.of(Math.min(year, secondYear), 1, 1);
      to = LocalDate.of(Math.max(year, secondYear) + 1, 1, 1);
      description = from.getYear() + "–" + (to.getYear() - 1);
    } else {
      from = LocalDate.of(year, 1, 1);
      to = from.plusYears(1);
      description = String.valueOf(year);
      unit = "year";
    }
    if (since) {
      return Optional.of(new TimeFilter("since " + description, dateLiteral(from), null, null));
    }
    return Optional.of(new TimeFilter(description, dateLiteral(from), dateLiteral(to), null, unit));
  }

  static int monthIndex(String word) {
    for (int m = 0; m < MONTHS.size(); m++) {
      String name = MONTHS.get(m);
      if (word.equals(name)
          || (word.length() == 3 && name.startsWith(word))
          || word.equals("sept") && m == 8) {
        return m + 1;
      }
    }
    return 0;
  }

  private static String dateLiteral(LocalDate d) {
    return "DATE '" + d + "'";
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static void mark(boolean[] used, int from, int to) {
    for (int i = from; i <= to; i++) {
      used[i] = true;
    }
  }
}
