package com.sqm.pipeline;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.QueryType;
import com.sqm.pipeline.ResultColumns.Role;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Describes the actual rows of a result in a few sentences (counts, rankings, ranges and trends),
 * without a model: the offline engine's summary and any engine's fallback.
 */
public final class ResultSummarizer {
  // A one-row answer names at most this many figures beside its first.
  private static final int MAX_OTHER_FIGURES = 5;

  private static final int NAMED_ROWS = 5;
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy", Locale.ENGLISH);

  /** Sentences about {@code result}; {@code analysis} may be null. */
  public String summarize(String question, AIAnalysis analysis, DataResult result) {
    String text = describe(analysis, result);
    if (result != null && result.truncated() && !result.rows().isEmpty()) {
      text += " " + truncationNote(result.rows().size());
    }
    return text;
  }

  /** The sentence that says a row or byte cap cut the result short at {@code rows} rows. */
  static String truncationNote(int rows) {
    return "The result was cut short at "
        + formatCount(rows)
        + (rows == 1 ? " row" : " rows")
        + ", so these figures cover only the rows returned.";
  }

  private String describe(AIAnalysis analysis, DataResult result) {
    if (result == null || result.rows().isEmpty()) {
      List<String> filters =
          analysis == null || analysis.filters() == null ? List.of() : analysis.filters();
      return "No rows match the question"
          + (filters.isEmpty() ? "." : " (filters: " + String.join(", ", filters) + ").");
    }
    ResultColumns columns = new ResultColumns(result);
    int label = columns.label();
    int measure = columns.measure();
    List<List<Object>> rows = result.rows();
    QueryType type = analysis == null ? null : analysis.queryType();
    if (rows.size() == 1 && measure >= 0 && (columns.size() == 1 || label < 0)) {
      return single(analysis, result, measure);
    }
    if (measure >= 0 && label >= 0 && rows.size() > 1 && columns.role(label) == Role.TEMPORAL) {
      return series(result, label, measure);
    }
    if (measure >= 0 && label >= 0 && type != QueryType.LIST) {
      return ranking(analysis, result, label, measure);
    }
    return listing(result);
  }

  private String single(AIAnalysis analysis, DataResult result, int measure) {
    String name = result.columns().get(measure).name().toLowerCase(Locale.ROOT);
    Object value = result.rows().get(0).get(measure);
    String filters =
        analysis == null || analysis.filters() == null || analysis.filters().isEmpty()
            ? ""
            : " (" + String.join(", ", analysis.filters()) + ")";
    String first;
    if (name.startsWith("number_of_") && value instanceof Number n) {
      String noun = words(name.substring("number_of_".length()));
      first =
          (n.longValue() == 1 ? "There is " : "There are ")
              + format(value)
              + " "
              + noun
              + filters
              + ".";
    } else {
      first = capitalise(words(name)) + filters + ": " + format(value) + ".";
    }
    return first + otherFigures(result, measure);
  }

  /**
   * The row's other numbers, so a one-row answer with several figures (a share and its parts, two
   * periods and their change) is not reduced to its first one.
   */
  private String otherFigures(DataResult result, int shown) {
    List<String> figures = new ArrayList<>();
    List<Object> row = result.rows().get(0);
    for (int i = 0; i < row.size() && figures.size() < MAX_OTHER_FIGURES; i++) {
      if (i != shown && row.get(i) instanceof Number) {
        figures.add(words(result.columns().get(i).name()) + " " + format(row.get(i)));
      }
    }
    return figures.isEmpty() ? "" : " Also: " + String.join("; ", figures) + ".";
  }

  private String series(DataResult result, int label, int measure) {
    List<List<Object>> rows = result.rows();
    int min = 0;
    int max = 0;
    double[] values = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      values[i] = ResultColumns.number(rows.get(i).get(measure));
      if (values[i] < values[min]) {
        min = i;
      }
      if (values[i] > values[max]) {
        max = i;
      }
    }
    String what = capitalise(words(result.columns().get(measure).name()));
    DateTimeFormatter style = dateStyle(rows, label);
    String span =
        dateLabel(rows.get(0).get(label), style)
            + " to "
            + dateLabel(rows.get(rows.size() - 1).get(label), style);
    return what
        + " over "
        + rows.size()
        + " periods ("
        + span
        + ") ranged from "
        + format(rows.get(min).get(measure))
        + " ("
        + dateLabel(rows.get(min).get(label), style)
        + ") to "
        + format(rows.get(max).get(measure))
        + " ("
        + dateLabel(rows.get(max).get(label), style)
        + "); the trend is "
        + trend(values)
        + ".";
  }

  private String ranking(AIAnalysis analysis, DataResult result, int label, int measure) {
    List<List<Object>> rows = result.rows();
    List<String> named = new ArrayList<>();
    for (int i = 0; i < Math.min(NAMED_ROWS, rows.size()); i++) {
      named.add(text(rows.get(i).get(label)) + " (" + format(rows.get(i).get(measure)) + ")");
    }
    String what = words(result.columns().get(measure).name());
    String by = words(result.columns().get(label).name());
    StringBuilder sb = new StringBuilder();
    if (analysis != null && analysis.queryType() == QueryType.TOP_N) {
      sb.append(rows.size() == 1 ? "Top " + by : "Top " + rows.size() + " by " + what).append(": ");
    } else {
      sb.append(capitalise(what))
          .append(" by ")
          .append(by)
          .append(" (")
          .append(rows.size())
          .append(" groups): ");
    }
    sb.append(String.join(", ", named));
    if (rows.size() > NAMED_ROWS) {
      sb.append(", …; lowest ")
          .append(text(rows.get(rows.size() - 1).get(label)))
          .append(" (")
          .append(format(rows.get(rows.size() - 1).get(measure)))
          .append(")");
    }
    int share = shareColumn(result);
    if (share >= 0) {
      double total =
          rows.stream()
              .mapToDouble(r -> ResultColumns.number(r.get(share)))
              .filter(d -> !Double.isNaN(d))
              .sum();
      sb.append("; together ")
          .append(format(BigDecimal.valueOf(Math.round(total * 10) / 10.0).stripTrailingZeros()))
          .append("% of the total");
    }
    return sb.append('.').toString();
  }

  private String listing(DataResult result) {
    List<Object> first = result.rows().get(0);
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < Math.min(first.size(), 6); i++) {
      cells.add(result.columns().get(i).name() + " " + text(first.get(i)));
    }
    int n = result.rows().size();
    return "The query returned "
        + formatCount(n)
        + (n == 1 ? " row" : " rows")
        + "; the first has "
        + String.join(", ", cells)
        + ".";
  }

  private static int shareColumn(DataResult result) {
    for (int i = 0; i < result.columns().size(); i++) {
      String name = result.columns().get(i).name().toLowerCase(Locale.ROOT);
      if (name.contains("share") || name.endsWith("_pct") || name.contains("percent")) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Rising or falling when the least-squares line moves more than 10% of the mean over the series.
   */
  static String trend(double[] values) {
    int n = values.length;
    if (n < 3) {
      return n == 2 && values[1] != values[0]
          ? (values[1] > values[0] ? "rising" : "falling")
          : "flat";
    }
    double meanX = (n - 1) / 2.0;
    double meanY = 0;
    for (double v : values) {
      meanY += v / n;
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - meanX) * (values[i] - meanY);
      den += (i - meanX) * (i - meanX);
    }
    double change = num / den * (n - 1);
    double relative = meanY == 0 ? 0 : change / Math.abs(meanY);
    return relative > 0.1 ? "rising" : relative < -0.1 ? "falling" : "roughly flat";
  }

  private static String dateLabel(Object v, DateTimeFormatter style) {
    LocalDate d = ResultColumns.date(v);
    return d == null ? text(v) : style == null ? d.toString() : style.format(d);
  }

  /** "2025" for yearly buckets, "March 2025" for monthly ones, the ISO date otherwise. */
  private static DateTimeFormatter dateStyle(List<List<Object>> rows, int column) {
    boolean firstOfMonth = true;
    boolean firstOfYear = true;
    for (List<Object> row : rows) {
      LocalDate d = ResultColumns.date(row.get(column));
      if (d == null) {
        return null;
      }
      firstOfMonth &= d.getDayOfMonth() == 1;
      firstOfYear &= d.getDayOfYear() == 1;
    }
    return firstOfYear ? YEAR : firstOfMonth ? MONTH : null;
  }

  static String format(Object v) {
    if (v instanceof BigDecimal b) {
      return b.scale() <= 0 || b.stripTrailingZeros().scale() <= 0
          ? formatCount(b.longValue())
          : decimal(b.doubleValue());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? formatCount((long) d) : decimal(d);
    }
    if (v instanceof Number n) {
      return formatCount(n.longValue());
    }
    return text(v);
  }

  private static String decimal(double d) {
    return new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH))
        .format(d);
  }

  private static String formatCount(long n) {
    return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ENGLISH)).format(n);
  }

  private static String text(Object v) {
    LocalDate d = v instanceof String ? null : ResultColumns.date(v);
    return v == null ? "(none)" : d != null ? d.toString() : v.toString();
  }

  private static String words(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
