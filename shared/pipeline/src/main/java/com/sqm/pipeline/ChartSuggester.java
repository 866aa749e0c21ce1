package com.sqm.pipeline;

import com.sqm.ai.ChartChoice;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.DataResult;
import com.sqm.model.Visualization;
import com.sqm.pipeline.ResultColumns.Role;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks a chart for a result and writes it as a validated Vega-Lite v6 spec with the rows inlined.
 * An engine's {@link ChartChoice} is followed when its columns exist and fit the chart type;
 * otherwise the columns decide: LINE for a date × number, BAR for a category × number (2..50 rows),
 * SINGLE_VALUE (a text mark) for one number, and TABLE otherwise. A TABLE suggestion carries no
 * spec ({@code spec == null}): the client shows the rows it already has. So does a result with more
 * rows than the validator's inline cap (a chart of the first rows would misdraw a trend or a
 * ranking) and any spec that fails validation.
 */
public final class ChartSuggester {
  public static final String VEGA_LITE_SCHEMA = VegaLiteValidator.SCHEMA_URL;

  /** More categories than this make an unreadable bar chart: a table is better. */
  static final int MAX_BARS = 50;

  /** More slices than this make an unreadable pie. */
  static final int MAX_SLICES = 12;

  /** A longer title from an engine is prose, not a title: the question is used instead. */
  private static final int MAX_TITLE = 120;

  /** A column an engine named that the result does not have. */
  private static final int MISSING = -2;

  private static final Logger log = LoggerFactory.getLogger(ChartSuggester.class);

  private final VegaLiteValidator validator;

  public ChartSuggester() {
    this(new VegaLiteValidator());
  }

  public ChartSuggester(VegaLiteValidator validator) {
    this.validator = validator;
  }

  /** A chart chosen from the result's columns alone. */
  public Visualization suggest(String question, AIAnalysis analysis, DataResult result) {
    return suggest(question, analysis, result, null);
  }

  /** A chart following {@code choice} (may be null) where it fits the result. */
  public Visualization suggest(
      String question, AIAnalysis analysis, DataResult result, ChartChoice choice) {
    String title = title(question, analysis, choice);
    if (result == null || result.rows().isEmpty()) {
      return table(title);
    }
    if (result.rows().size() > validator.maxInlineRows()) {
      log.info(
          "{} rows exceed the chart's inline cap of {}: table suggested",
          result.rows().size(),
          validator.maxInlineRows());
      return table(title);
    }
    ResultColumns columns = new ResultColumns(result);
    ChartPlan plan = choice == null ? null : fromChoice(choice, result, columns);
    if (plan == null) {
      if (choice != null) {
        log.info("chart choice {} does not fit the result: chosen from the columns", choice.type());
      }
      plan = fromColumns(result, columns);
    }
    if (plan.type() == ChartType.TABLE) {
      return table(title);
    }
    ChartSpecs.Chart chart = new ChartSpecs(result, columns).write(plan, title);
    VegaLiteValidator.Validation validation = validator.validate(chart.spec(), chart.fields());
    if (!validation.valid()) {
      VegaLiteValidator.Violation first = validation.violations().get(0);
      log.warn(
          "{} chart spec failed validation ({} violations, first at {}: {}): table suggested",
          plan.type(),
          validation.violations().size(),
          first.path(),
          first.message());
      return table(title);
    }
    return new Visualization(plan.type(), title, chart.spec());
  }

  /** The heuristics: the result's label and measure columns decide. */
  private static ChartPlan fromColumns(DataResult result, ResultColumns columns) {
    int label = columns.label();
    int measure = columns.measure();
    int rows = result.rows().size();
    if (measure >= 0 && rows == 1 && (columns.size() == 1 || label < 0)) {
      return new ChartPlan(ChartType.SINGLE_VALUE, -1, measure, -1);
    }
    if (measure >= 0 && label >= 0 && rows >= 2 && columns.role(label) == Role.TEMPORAL) {
      return new ChartPlan(ChartType.LINE, label, measure, -1);
    }
    if (measure >= 0
        && label >= 0
        && rows >= 2
        && rows <= MAX_BARS
        && columns.role(label) == Role.TEXT) {
      return new ChartPlan(ChartType.BAR, label, measure, -1);
    }
    return ChartPlan.TABLE;
  }

  /**
   * The engine's choice as a plan, or null when a named column is missing or does not fit the type
   * (a line needs a number over an ordered x, a pie non-negative parts, a scatter two numbers).
   */
  static ChartPlan fromChoice(ChartChoice choice, DataResult result, ResultColumns columns) {
    if (choice.type() == null) {
      return null;
    }
    if (choice.type() == ChartType.TABLE) {
      return ChartPlan.TABLE;
    }
    int x = column(result, choice.x());
    int y = column(result, choice.y());
    int color = column(result, choice.color());
    if (x == MISSING || y == MISSING || color == MISSING) {
      return null;
    }
    int rows = result.rows().size();
    ChartPlan plan =
        switch (choice.type()) {
          case SINGLE_VALUE -> singleValue(columns, rows, y >= 0 ? y : x);
          case LINE -> line(columns, rows, x, y, color);
          case BAR -> bar(columns, rows, x, y, color);
          case PIE -> pie(result, columns, rows, color >= 0 ? color : x, y);
          case SCATTER -> scatter(columns, rows, x, y, color);
          case TABLE -> ChartPlan.TABLE;
        };
    boolean distinct = plan == null || distinct(plan.x(), plan.y(), plan.color());
    return distinct ? plan : null;
  }

  private static ChartPlan singleValue(ResultColumns columns, int rows, int value) {
    return rows == 1 && value >= 0 && columns.role(value) == Role.NUMBER
        ? new ChartPlan(ChartType.SINGLE_VALUE, -1, value, -1)
        : null;
  }

  private static ChartPlan line(ResultColumns columns, int rows, int x, int y, int color) {
    boolean ordered = x >= 0 && columns.role(x) != Role.OTHER;
    boolean fits =
        rows >= 2
            && ordered
            && y >= 0
            && columns.role(y) == Role.NUMBER
            && (color < 0 || columns.role(color) == Role.TEXT)
            // One point per x on a single line; text has no order of its own to fall back on.
            && (color >= 0 || columns.role(x) != Role.TEXT || columns.uniqueValues(x));
    return fits ? new ChartPlan(ChartType.LINE, x, y, color) : null;
  }

  private static ChartPlan bar(ResultColumns columns, int rows, int x, int y, int color) {
    if (x < 0 || y < 0) {
      return null;
    }
    boolean vertical = columns.role(y) == Role.NUMBER && columns.role(x) != Role.OTHER;
    boolean horizontal = columns.role(x) == Role.NUMBER && columns.role(y) == Role.TEXT;
    boolean colorFits = color < 0 || columns.role(color) != Role.OTHER;
    // With a color, rows stack into the bars: count the bars, not the rows.
    int bars = color < 0 ? rows : columns.distinctValues(horizontal ? y : x);
    return (vertical || horizontal) && colorFits && bars <= MAX_BARS
        ? new ChartPlan(ChartType.BAR, x, y, color)
        : null;
  }

  private static ChartPlan pie(
      DataResult result, ResultColumns columns, int rows, int category, int value) {
    if (category < 0
        || value < 0
        || rows < 2
        || rows > MAX_SLICES
        || columns.role(category) == Role.NUMBER
        || columns.role(category) == Role.OTHER
        || columns.role(value) != Role.NUMBER) {
      return null;
    }
    boolean positive = false;
    for (List<Object> row : result.rows()) {
      double v = ResultColumns.number(row.get(value));
      if (v < 0) {
        return null; // a negative part has no slice
      }
      positive |= v > 0;
    }
    return positive ? new ChartPlan(ChartType.PIE, category, value, -1) : null;
  }

  private static ChartPlan scatter(ResultColumns columns, int rows, int x, int y, int color) {
    boolean fits =
        rows >= 2
            && x >= 0
            && y >= 0
            && columns.role(x) == Role.NUMBER
            && columns.role(y) == Role.NUMBER
            && (color < 0 || columns.role(color) != Role.OTHER);
    return fits ? new ChartPlan(ChartType.SCATTER, x, y, color) : null;
  }

  private static boolean distinct(int x, int y, int color) {
    return (x < 0 || x != y && x != color) && (y < 0 || y != color);
  }

  /**
   * The index of the column {@code name} (exactly, else ignoring case when that is unambiguous); -1
   * for no name, {@link #MISSING} for a name the result does not have.
   */
  private static int column(DataResult result, String name) {
    if (name == null || name.isBlank()) {
      return -1;
    }
    int loose = MISSING;
    int looseMatches = 0;
    for (int i = 0; i < result.columns().size(); i++) {
      String candidate = result.columns().get(i).name();
      if (candidate.equals(name)) {
        return i;
      }
      if (candidate.toLowerCase(Locale.ROOT).equals(name.strip().toLowerCase(Locale.ROOT))) {
        loose = i;
        looseMatches++;
      }
    }
    return looseMatches == 1 ? loose : MISSING;
  }

  private static Visualization table(String title) {
    return new Visualization(ChartType.TABLE, title, null);
  }

  private static String title(String question, AIAnalysis analysis, ChartChoice choice) {
    if (choice != null
        && choice.title() != null
        && !choice.title().isBlank()
        && choice.title().strip().length() <= MAX_TITLE) {
      return choice.title().strip();
    }
    String q = question == null ? "" : question.strip();
    while (q.endsWith("?") || q.endsWith(".")) {
      q = q.substring(0, q.length() - 1).strip();
    }
    if (q.isEmpty()) {
      q = analysis == null || analysis.intent() == null ? "Result" : analysis.intent();
    }
    return q.isEmpty() ? "Result" : Character.toUpperCase(q.charAt(0)) + q.substring(1);
  }
}
