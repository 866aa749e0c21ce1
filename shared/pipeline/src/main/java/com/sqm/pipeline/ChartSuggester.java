package com.sqm.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.DataResult;
import com.sqm.model.Visualization;
import com.sqm.pipeline.ResultColumns.Role;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;

/**
 * Picks a chart for a result from its column types and values and writes it as a Vega-Lite v5 spec
 * with the rows inlined: LINE for a date × number, BAR for a category × number (2..50 rows),
 * SINGLE_VALUE (a text mark) for one number, and TABLE otherwise. A TABLE suggestion carries no
 * spec ({@code spec == null}): the client shows the rows it already has.
 */
public final class ChartSuggester {
  public static final String VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

  /** More categories than this make an unreadable bar chart: a table is better. */
  static final int MAX_BARS = 50;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String LABEL_FIELD = "label";

  public Visualization suggest(String question, AIAnalysis analysis, DataResult result) {
    String title = title(question, analysis);
    if (result == null || result.rows().isEmpty()) {
      return new Visualization(ChartType.TABLE, title, null);
    }
    ResultColumns columns = new ResultColumns(result);
    int label = columns.label();
    int measure = columns.measure();
    int rows = result.rows().size();
    if (measure >= 0 && rows == 1 && (columns.size() == 1 || label < 0)) {
      return new Visualization(ChartType.SINGLE_VALUE, title, singleValue(result, measure, title));
    }
    if (measure >= 0 && label >= 0 && rows >= 2 && columns.role(label) == Role.TEMPORAL) {
      return new Visualization(ChartType.LINE, title, line(result, label, measure, title));
    }
    if (measure >= 0
        && label >= 0
        && rows >= 2
        && rows <= MAX_BARS
        && columns.role(label) == Role.TEXT) {
      return new Visualization(ChartType.BAR, title, bar(result, columns, label, measure, title));
    }
    return new Visualization(ChartType.TABLE, title, null);
  }

  private ObjectNode singleValue(DataResult result, int measure, String title) {
    String field = result.columns().get(measure).name();
    ObjectNode spec = base(title, values(result, null));
    spec.putObject("mark").put("type", "text").put("fontSize", 40).put("fontWeight", "bold");
    ObjectNode text = spec.putObject("encoding").putObject("text");
    text.put("field", field).put("type", "quantitative").put("format", ",");
    return spec;
  }

  private ObjectNode line(DataResult result, int label, int measure, String title) {
    ObjectNode spec = base(title, values(result, null));
    spec.putObject("mark").put("type", "line").put("point", true);
    ObjectNode encoding = spec.putObject("encoding");
    axis(encoding.putObject("x"), result.columns().get(label).name(), "temporal");
    axis(encoding.putObject("y"), result.columns().get(measure).name(), "quantitative");
    return spec;
  }

  private ObjectNode bar(
      DataResult result, ResultColumns columns, int label, int measure, String title) {
    // Two rows may share a name ("Anna Schmidt"); an identifier column keeps their bars apart.
    Integer id = null;
    if (!columns.uniqueValues(label)) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.isIdentifier(i)) {
          id = i;
          break;
        }
      }
    }
    String labelField = id == null ? result.columns().get(label).name() : LABEL_FIELD;
    ObjectNode spec = base(title, values(result, id == null ? null : new int[] {label, id}));
    spec.putObject("mark").put("type", "bar");
    ObjectNode encoding = spec.putObject("encoding");
    String measureField = result.columns().get(measure).name();
    axis(encoding.putObject("x"), labelField, "nominal").put("sort", "-y");
    axis(encoding.putObject("y"), measureField, "quantitative");
    ArrayNode tooltip = encoding.putArray("tooltip");
    tooltip.addObject().put("field", labelField).put("type", "nominal");
    tooltip.addObject().put("field", measureField).put("type", "quantitative");
    return spec;
  }

  private static ObjectNode axis(ObjectNode channel, String field, String type) {
    return channel.put("field", field).put("type", type).put("title", field.replace('_', ' '));
  }

  private static ObjectNode base(String title, ArrayNode values) {
    ObjectNode spec = JSON.objectNode();
    spec.put("$schema", VEGA_LITE_SCHEMA);
    spec.put("title", title);
    spec.putObject("data").set("values", values);
    return spec;
  }

  /** Rows as objects keyed by column name; {@code labelAndId} adds a "label" field "name (#id)". */
  private static ArrayNode values(DataResult result, int[] labelAndId) {
    ArrayNode array = JSON.arrayNode();
    for (List<Object> row : result.rows()) {
      ObjectNode o = array.addObject();
      for (int i = 0; i < result.columns().size(); i++) {
        put(o, result.columns().get(i).name(), row.get(i));
      }
      if (labelAndId != null) {
        o.put(LABEL_FIELD, row.get(labelAndId[0]) + " (#" + row.get(labelAndId[1]) + ")");
      }
    }
    return array;
  }

  private static void put(ObjectNode o, String field, Object v) {
    if (v == null) {
      o.putNull(field);
    } else if (v instanceof BigDecimal b) {
      o.put(field, b);
    } else if (v instanceof BigInteger b) {
      o.put(field, b);
    } else if (v instanceof Double || v instanceof Float) {
      o.put(field, ((Number) v).doubleValue());
    } else if (v instanceof Number n) {
      o.put(field, n.longValue());
    } else if (v instanceof Boolean b) {
      o.put(field, b);
    } else if (v instanceof java.sql.Timestamp t) {
      o.put(field, t.toLocalDateTime().toString());
    } else {
      LocalDate d = v instanceof String ? null : ResultColumns.date(v);
      o.put(
          field,
          d != null
                  && !(v instanceof java.time.LocalDateTime)
                  && !(v instanceof java.time.OffsetDateTime)
              ? d.toString()
              : v.toString());
    }
  }

  private static String title(String question, AIAnalysis analysis) {
    String q = question == null ? "" : question.strip();
    while (q.endsWith("?") || q.endsWith(".")) {
      q = q.substring(0, q.length() - 1).strip();
    }
    if (q.isEmpty()) {
      q = analysis == null || analysis.intent() == null ? "Result" : analysis.intent();
    }
    return Character.toUpperCase(q.charAt(0)) + q.substring(1);
  }
}
