package com.sqm.pipeline;

import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a model's summary is grounded: every number and date it writes must be a value of
 * the result (as displayed: 1,234.6 stands for 1234.5678, 1,300 does not stand for 1234.56), the
 * result's row count, or a number or date of the question itself ("top 5", "in 2025"). A year, a
 * month or a day is grounded by a date of the result that has it.
 */
public final class SummaryGrounding {
  /** How numbers are shown: half up by people, half even by {@code DecimalFormat}. */
  private static final RoundingMode[] DISPLAY_ROUNDING = {
    RoundingMode.HALF_UP, RoundingMode.HALF_EVEN
  };

  /** The verdict: grounded when no number or date of the summary is left unmatched. */
  public record Grounding(List<String> ungrounded) {
    public Grounding {
      ungrounded = List.copyOf(ungrounded);
    }

    public boolean grounded() {
      return ungrounded.isEmpty();
    }
  }

  /** Checks {@code summary} against {@code result}; {@code question} may be null. */
  public Grounding check(String summary, DataResult result, String question) {
    Evidence evidence = new Evidence(result, question);
    NumberMentions.Mentions mentions = NumberMentions.in(summary);
    List<String> ungrounded = new ArrayList<>();
    for (NumberMentions.Date date : mentions.dates()) {
      if (!evidence.has(date)) {
        ungrounded.add(date.text());
      }
    }
    for (NumberMentions.Number number : mentions.numbers()) {
      if (!evidence.has(number)) {
        ungrounded.add(number.text());
      }
    }
    return new Grounding(ungrounded);
  }

  /** What a summary may cite: the result's values and dates, its row count, the question. */
  private static final class Evidence {
    private final NavigableSet<BigDecimal> values = new TreeSet<>();
    private final NavigableSet<BigDecimal> magnitudes = new TreeSet<>();
    private final Set<BigDecimal> exact = new TreeSet<>();
    private final Set<LocalDate> dates = new HashSet<>();
    private final List<int[]> givenDates = new ArrayList<>();
    private final Set<Integer> years = new HashSet<>();

    /** Distinct text cells with a digit: read only when a mention is not found elsewhere. */
    private final Set<String> texts = new HashSet<>();

    private boolean textsRead;

    Evidence(DataResult result, String question) {
      NumberMentions.Mentions asked = NumberMentions.in(question);
      asked.numbers().forEach(n -> exact.add(n.meant().abs()));
      asked.dates().forEach(d -> givenDates.addAll(d.candidates()));
      givenDates.forEach(ymd -> years.add(ymd[0]));
      if (result == null) {
        exact.add(BigDecimal.ZERO);
        return;
      }
      exact.add(BigDecimal.valueOf(result.rows().size()));
      exact.add(BigDecimal.valueOf(result.rowCount()));
      for (ColumnMeta column : result.columns()) {
        NumberMentions.in(column.name().replace('_', ' '))
            .numbers()
            .forEach(n -> exact.add(n.meant().abs()));
      }
      for (List<Object> row : result.rows()) {
        for (Object cell : row) {
          add(cell);
        }
      }
      dates.forEach(d -> years.add(d.getYear()));
    }

    private void add(Object cell) {
      if (cell == null || cell instanceof Boolean) {
        return;
      }
      BigDecimal number = decimal(cell);
      if (number != null) {
        values.add(number);
        magnitudes.add(number.abs());
        return;
      }
      LocalDate date = ResultColumns.date(cell);
      if (date != null) {
        dates.add(date);
        return;
      }
      String text = cell.toString();
      if (text.chars().anyMatch(Character::isDigit)) {
        texts.add(text);
      }
    }

    /**
     * Text cells carry numbers too ("Model 3", "2.5 kg"), and dates written as text; reading them
     * all is the slow part, so it happens once, when the typed values did not have a mention.
     */
    private boolean readTexts() {
      if (textsRead || texts.isEmpty()) {
        return false;
      }
      textsRead = true;
      for (String text : texts) {
        NumberMentions.Mentions inText = NumberMentions.in(text);
        for (NumberMentions.Number n : inText.numbers()) {
          values.add(n.meant());
          magnitudes.add(n.meant().abs());
        }
        for (NumberMentions.Date d : inText.dates()) {
          givenDates.addAll(d.candidates());
          d.candidates().forEach(ymd -> years.add(ymd[0]));
        }
      }
      return true;
    }

    boolean has(NumberMentions.Date date) {
      return found(date) || readTexts() && found(date);
    }

    boolean has(NumberMentions.Number number) {
      return found(number) || readTexts() && found(number);
    }

    private boolean found(NumberMentions.Date date) {
      for (int[] ymd : date.candidates()) {
        for (LocalDate d : dates) {
          if (covers(new int[] {d.getYear(), d.getMonthValue(), d.getDayOfMonth()}, ymd)) {
            return true;
          }
        }
        for (int[] q : givenDates) {
          if (covers(q, ymd)) {
            return true;
          }
        }
      }
      return false;
    }

    /** {@code known} says at least what {@code said} says: "March 2025" is in 2025-03-14. */
    private static boolean covers(int[] known, int[] said) {
      for (int i = 0; i < 3; i++) {
        if (said[i] != 0 && said[i] != known[i]) {
          return false;
        }
      }
      return true;
    }

    private boolean found(NumberMentions.Number number) {
      if (!number.signed() && exact.contains(number.meant())) {
        return true;
      }
      if (isYear(number) && years.contains(number.value().intValue())) {
        return true;
      }
      NavigableSet<BigDecimal> pool = number.signed() ? values : magnitudes;
      if (shown(pool, number, number.exponent())) {
        return true;
      }
      // 25% may display a share of 25 or a fraction of 0.25.
      return number.percent() && shown(pool, number, number.exponent() - 2);
    }

    private static boolean isYear(NumberMentions.Number n) {
      return !n.signed()
          && !n.percent()
          && n.exponent() == 0
          && n.decimals() == 0
          && n.text().length() == 4;
    }

    /**
     * Whether a value of {@code pool}, shifted by {@code exponent} decimal places, displays as the
     * number written, rounded to its decimals (61.7 shows as 62, never 61).
     */
    private static boolean shown(
        NavigableSet<BigDecimal> pool, NumberMentions.Number number, int exponent) {
      BigDecimal unit = BigDecimal.ONE.movePointRight(exponent - number.decimals());
      BigDecimal meant = number.value().movePointRight(exponent);
      for (BigDecimal v : pool.subSet(meant.subtract(unit), true, meant.add(unit), true)) {
        BigDecimal displayed = v.movePointLeft(exponent);
        for (RoundingMode mode : DISPLAY_ROUNDING) {
          if (displayed.setScale(number.decimals(), mode).compareTo(number.value()) == 0) {
            return true;
          }
        }
      }
      return false;
    }

    private static BigDecimal decimal(Object cell) {
      if (cell instanceof BigDecimal b) {
        return b;
      }
      if (cell instanceof BigInteger b) {
        return new BigDecimal(b);
      }
      if (cell instanceof Double || cell instanceof Float) {
        double d = ((Number) cell).doubleValue();
        return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
      }
      if (cell instanceof Number n) {
        return BigDecimal.valueOf(n.longValue());
      }
      return null;
    }
  }
}
