package com.sqm.pipeline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the numbers and dates written in English prose: "1,234.5", "-3", "25%", "1.2 million",
 * "$4k", "1.5x", "2025-03-01", "March 2025", "1 March 2025", "3/1/2025". Digits glued to letters
 * ("Q1", "3rd", "v6") are names, not numbers; spelled-out numbers ("five") are not read.
 */
final class NumberMentions {

  /** A number as written: its value, decimals shown, scale word and kind. */
  record Number(
      String text, BigDecimal value, int decimals, int exponent, boolean signed, boolean percent) {
    /** The value meant: {@code 1.2 million} is 1,200,000. */
    BigDecimal meant() {
      return value.movePointRight(exponent);
    }
  }

  /**
   * A date as written; 0 stands for a part not given ("March 2025" has no day; "March 1" no year).
   * Slash dates are ambiguous between month/day and day/month orders, hence the candidates.
   */
  record Date(String text, List<int[]> candidates) {}

  /** What a text mentions, dates first so their digits are not read again as numbers. */
  record Mentions(List<Number> numbers, List<Date> dates) {}

  private static final String MONTH =
      "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          + "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

  private static final Pattern ISO_DATE =
      Pattern.compile(
          "(?<![\\p{Alnum}.-])(\\d{4})-(\\d{2})(?:-(\\d{2}))?(?!\\d|-\\d)"
              + "(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?");
  private static final Pattern SLASH_DATE =
      Pattern.compile("(?<![\\p{Alnum}/])(\\d{1,2})/(\\d{1,2})/(\\d{4})(?![\\p{Alnum}/])");
  private static final Pattern DAY_MONTH_YEAR =
      Pattern.compile(
          "(?<!\\p{Alnum})(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + ",?\\s+(\\d{4})\\b");
  private static final Pattern MONTH_DAY_YEAR =
      Pattern.compile(
          "\\b"
              + MONTH
              + "(?:\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d))?(?:,?\\s+(\\d{4})(?!\\d))?(?!\\p{Alnum})");

  /**
   * A number: an optional minus (only where a sign can stand, not in "2020-2025"), digits with
   * optional thousands commas and decimals, then a percent sign or scale word.
   */
  private static final Pattern NUMBER =
      Pattern.compile(
          "(?:(?<=^|[\\s(\\[{:=/])([-−+]))?(?<![\\p{L}\\p{N}_.,])(\\d{1,3}(?:,\\d{3})+|\\d+)"
              + "(?:\\.(\\d+))?(?:\\s?(%)|\\s(percent|per cent)\\b|(k|K|M|bn|B)|[x×]"
              + "|\\s(thousand|million|billion|trillion)\\b)?(?![\\p{L}\\p{N}_]|[.,]\\d)");

  private static final Map<String, Integer> SCALE =
      Map.of(
          "k",
          3,
          "thousand",
          3,
          "m",
          6,
          "million",
          6,
          "bn",
          9,
          "b",
          9,
          "billion",
          9,
          "trillion",
          12);

  private NumberMentions() {}

  static Mentions in(String text) {
    if (text == null || text.isEmpty()) {
      return new Mentions(List.of(), List.of());
    }
    StringBuilder rest = new StringBuilder(text);
    List<Date> dates = new ArrayList<>();
    dates(ISO_DATE, rest, dates, m -> new int[] {num(m, 1), num(m, 2), num(m, 3)});
    dates(SLASH_DATE, rest, dates, m -> new int[] {num(m, 3), num(m, 1), num(m, 2)});
    dates(DAY_MONTH_YEAR, rest, dates, m -> new int[] {num(m, 3), month(m.group(2)), num(m, 1)});
    dates(MONTH_DAY_YEAR, rest, dates, m -> new int[] {num(m, 3), month(m.group(1)), num(m, 2)});
    List<Number> numbers = new ArrayList<>();
    Matcher m = NUMBER.matcher(rest);
    while (m.find()) {
      numbers.add(number(m));
    }
    return new Mentions(numbers, dates);
  }

  private interface Parts {
    int[] of(Matcher m);
  }

  /** Records each match as a date and blanks it out of {@code text}. */
  private static void dates(Pattern pattern, StringBuilder text, List<Date> dates, Parts parts) {
    Matcher m = pattern.matcher(text);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      int[] ymd = parts.of(m);
      if (ymd[0] == 0 && ymd[2] == 0) {
        continue; // a month name alone ("in May") is a word
      }
      if (!plausible(ymd)) {
        continue;
      }
      List<int[]> candidates = new ArrayList<>();
      candidates.add(ymd);
      if (pattern == SLASH_DATE && ymd[1] != ymd[2] && plausible(swap(ymd))) {
        candidates.add(swap(ymd));
      }
      dates.add(new Date(m.group(), candidates));
      spans.add(new int[] {m.start(), m.end()});
    }
    for (int[] span : spans) {
      for (int i = span[0]; i < span[1]; i++) {
        text.setCharAt(i, ' ');
      }
    }
  }

  private static int[] swap(int[] ymd) {
    return new int[] {ymd[0], ymd[2], ymd[1]};
  }

  private static boolean plausible(int[] ymd) {
    return ymd[1] >= 0 && ymd[1] <= 12 && ymd[2] >= 0 && ymd[2] <= 31;
  }

  private static Number number(Matcher m) {
    String sign = m.group(1);
    String fraction = m.group(3);
    String digits = m.group(2).replace(",", "") + (fraction == null ? "" : "." + fraction);
    BigDecimal value = new BigDecimal(digits);
    if ("-".equals(sign) || "−".equals(sign)) {
      value = value.negate();
    }
    String scale = m.group(6) != null ? m.group(6) : m.group(7);
    int exponent = scale == null ? 0 : SCALE.get(scale.toLowerCase(Locale.ROOT));
    boolean percent = m.group(4) != null || m.group(5) != null;
    return new Number(
        m.group().strip(),
        value,
        fraction == null ? 0 : fraction.length(),
        exponent,
        sign != null,
        percent);
  }

  private static int num(Matcher m, int group) {
    return m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
  }

  private static int month(String name) {
    return switch (name.substring(0, 3)) {
      case "Jan" -> 1;
      case "Feb" -> 2;
      case "Mar" -> 3;
      case "Apr" -> 4;
      case "May" -> 5;
      case "Jun" -> 6;
      case "Jul" -> 7;
      case "Aug" -> 8;
      case "Sep" -> 9;
      case "Oct" -> 10;
      case "Nov" -> 11;
      default -> 12;
    };
  }
}
