package com.sqm.ai;

import com.sqm.ai.TimePhrases.TimeFilter;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Days named in a question ("2023-04-01", "April 1, 2023", "1 April 2023") and the ranges built
 * from them: "between X and Y" (both days included), "since X", "after X", "before X", "on X".
 */
final class CalendarDates {
  private record DateAt(int start, int end, LocalDate date) {}

  private CalendarDates() {}

  /** The range the question's named days make, marking their words; empty when none is named. */
  static Optional<TimeFilter> range(List<String> words, boolean[] used) {
    List<DateAt> dates = find(words, used);
    if (dates.isEmpty()) {
      return Optional.empty();
    }
    DateAt first = dates.get(0);
    String before = first.start() > 0 ? words.get(first.start() - 1) : "";
    if (dates.size() >= 2 && (before.equals("between") || before.equals("from"))) {
      DateAt second = dates.get(1);
      boolean joined =
          second.start() == first.end() + 2
              && List.of("and", "to", "until", "through").contains(words.get(first.end() + 1));
      if (joined) {
        mark(used, first.start() - 1, second.end());
        return Optional.of(
            new TimeFilter(
                first.date() + " to " + second.date(),
                literal(first.date()),
                literal(second.date().plusDays(1)),
                null));
      }
    }
    if (dates.size() > 1) {
      // Several days without "between ... and": not understood; their words stay unconsumed.
      return Optional.empty();
    }
    LocalDate d = first.date();
    int from = first.start();
    TimeFilter filter;
    switch (before) {
      case "since", "from" -> {
        filter = new TimeFilter("since " + d, literal(d), null, null);
        from--;
      }
      case "after" -> {
        // "on or after 2023-01-01" includes the day.
        boolean onOr = first.start() >= 3 && words.get(first.start() - 2).equals("or");
        filter =
            new TimeFilter(
                "since " + (onOr ? d : d.plusDays(1)),
                literal(onOr ? d : d.plusDays(1)),
                null,
                null);
        from -= onOr ? 3 : 1;
      }
      case "before" -> {
        filter = new TimeFilter("before " + d, null, literal(d), null);
        from--;
      }
      default -> {
        filter = new TimeFilter(d.toString(), literal(d), literal(d.plusDays(1)), null, "day");
        from -= before.equals("on") ? 1 : 0;
      }
    }
    mark(used, from, first.end());
    return Optional.of(filter);
  }

  private static List<DateAt> find(List<String> words, boolean[] used) {
    List<DateAt> out = new ArrayList<>();
    int i = 0;
    while (i + 2 < words.size()) {
      if (used[i] || used[i + 1] || used[i + 2]) {
        i++;
        continue;
      }
      String a = words.get(i);
      String b = words.get(i + 1);
      String c = words.get(i + 2);
      LocalDate d = null;
      if (isYear(a) && number(b) != null && number(c) != null) {
        d = date(Integer.parseInt(a), number(b), number(c));
      } else if (TimePhrases.monthIndex(a) > 0 && day(b) != null && isYear(c)) {
        d = date(Integer.parseInt(c), TimePhrases.monthIndex(a), day(b));
      } else if (day(a) != null && TimePhrases.monthIndex(b) > 0 && isYear(c)) {
        d = date(Integer.parseInt(c), TimePhrases.monthIndex(b), day(a));
      }
      if (d != null) {
        out.add(new DateAt(i, i + 2, d));
        i += 3;
      } else {
        i++;
      }
    }
    return out;
  }

  private static boolean isYear(String w) {
    return w.matches("(19|20)\\d\\d");
  }

  private static Integer number(String w) {
    return w.matches("\\d{1,2}") ? Integer.valueOf(w) : null;
  }

  /** "1", "01", "1st", "22nd". */
  private static Integer day(String w) {
    String digits = w.replaceAll("(st|nd|rd|th)$", "");
    return number(digits);
  }

  private static LocalDate date(int year, int month, int day) {
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static String literal(LocalDate d) {
    return "DATE '" + d + "'";
  }

  private static void mark(boolean[] used, int from, int to) {
    for (int i = Math.max(0, from); i <= to; i++) {
      used[i] = true;
    }
  }
}
