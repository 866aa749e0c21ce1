package com.sqm.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.pipeline.ResultColumns.Role;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Vega-Lite spec for a {@link ChartPlan}: marks and encodings only, with the plotted
 * columns of every row inlined. No transforms, parameters or expressions: a chart is data.
 */
final class ChartSpecs {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final DataResult result;
  private final ResultColumns columns;

  ChartSpecs(DataResult result, ResultColumns columns) {
    this.result = result;
    this.columns = columns;
  }

  /** A spec and the names its inline rows carry (what its fields may name). */
  record Chart(ObjectNode spec, List<String> fields) {}

  Chart write(ChartPlan plan, String title) {
    return switch (plan.type()) {
      case SINGLE_VALUE -> singleValue(plan, title);
      case LINE -> line(plan, title);
      case BAR -> bar(plan, title);
      case PIE -> pie(plan, title);
      case SCATTER -> scatter(plan, title);
      case TABLE -> throw new IllegalArgumentException("a table has no spec");
    };
  }

  private Chart singleValue(ChartPlan plan, String title) {
    Map<String, Integer> fields = fields(plan);
    ObjectNode spec = base(title, fields, null);
    spec.putObject("mark").put("type", "text").put("fontSize", 40).put("fontWeight", "bold");
    ObjectNode text = spec.putObject("encoding").putObject("text");
    text.put("field", field(plan.y())).put("type", "quantitative").put("format", ",");
    return new Chart(spec, List.copyOf(fields.keySet()));
  }

  private Chart line(ChartPlan plan, String title) {
    Map<String, Integer> fields = fields(plan);
    ObjectNode spec = base(title, fields, null);
    spec.putObject("mark").put("type", "line").put("point", true);
    ObjectNode encoding = spec.putObject("encoding");
    Role xRole = columns.role(plan.x());
    ObjectNode x =
        axis(
            encoding.putObject("x"),
            plan.x(),
            xRole == Role.TEMPORAL
                ? "temporal"
                : xRole == Role.NUMBER ? "quantitative" : "ordinal");
    if (xRole == Role.TEXT) {
      x.putNull("sort"); // the rows' own order, as the query sorted them
    }
    axis(encoding.putObject("y"), plan.y(), "quantitative");
    color(encoding, plan);
    tooltip(encoding, plan.x(), plan.y(), plan.color());
    return new Chart(spec, List.copyOf(fields.keySet()));
  }

  private Chart bar(ChartPlan plan, String title) {
    // A number on x and text on y is a horizontal bar chart: the category is on y.
    boolean horizontal =
        columns.role(plan.x()) == Role.NUMBER && columns.role(plan.y()) != Role.NUMBER;
    int category = horizontal ? plan.y() : plan.x();
    int measure = horizontal ? plan.x() : plan.y();
    // Two rows may share a name ("Anna Schmidt"); an identifier column keeps their bars apart.
    int id = plan.color() < 0 && !columns.uniqueValues(category) ? identifier() : -1;
    Map<String, Integer> fields = fields(plan);
    String label = null;
    if (id >= 0) {
      label = freeName("label");
      fields.put(label, -1);
    }
    ObjectNode spec = base(title, fields, id < 0 ? null : new int[] {category, id});
    spec.putObject("mark").put("type", "bar");
    ObjectNode encoding = spec.putObject("encoding");
    String categoryField = label == null ? field(category) : VegaLiteValidator.field(label);
    String categoryType = columns.role(category) == Role.TEXT ? "nominal" : "ordinal";
    ObjectNode categoryChannel = encoding.putObject(horizontal ? "y" : "x");
    categoryChannel
        .put("field", categoryField)
        .put("type", categoryType)
        .put("title", title(category));
    if (columns.role(category) == Role.TEXT) {
      categoryChannel.put("sort", horizontal ? "-x" : "-y");
    }
    axis(encoding.putObject(horizontal ? "x" : "y"), measure, "quantitative");
    color(encoding, plan);
    ArrayNode tooltip = encoding.putArray("tooltip");
    tooltip.addObject().put("field", categoryField).put("type", categoryType);
    tooltip.addObject().put("field", field(measure)).put("type", "quantitative");
    if (plan.color() >= 0) {
      tooltip.addObject().put("field", field(plan.color())).put("type", type(plan.color()));
    }
    return new Chart(spec, List.copyOf(fields.keySet()));
  }

  private Chart pie(ChartPlan plan, String title) {
    Map<String, Integer> fields = fields(plan);
    ObjectNode spec = base(title, fields, null);
    spec.putObject("mark").put("type", "arc").put("tooltip", true);
    ObjectNode encoding = spec.putObject("encoding");
    encoding
        .putObject("theta")
        .put("field", field(plan.y()))
        .put("type", "quantitative")
        .put("stack", true);
    encoding
        .putObject("color")
        .put("field", field(plan.x()))
        .put("type", "nominal")
        .put("title", title(plan.x()));
    tooltip(encoding, plan.x(), plan.y(), -1);
    return new Chart(spec, List.copyOf(fields.keySet()));
  }

  private Chart scatter(ChartPlan plan, String title) {
    Map<String, Integer> fields = fields(plan);
    ObjectNode spec = base(title, fields, null);
    spec.putObject("mark").put("type", "point");
    ObjectNode encoding = spec.putObject("encoding");
    axis(encoding.putObject("x"), plan.x(), "quantitative");
    axis(encoding.putObject("y"), plan.y(), "quantitative");
    color(encoding, plan);
    tooltip(encoding, plan.x(), plan.y(), plan.color());
    return new Chart(spec, List.copyOf(fields.keySet()));
  }

  private void color(ObjectNode encoding, ChartPlan plan) {
    if (plan.color() >= 0) {
      axis(encoding.putObject("color"), plan.color(), type(plan.color()));
    }
  }

  private void tooltip(ObjectNode encoding, int x, int y, int color) {
    ArrayNode tooltip = encoding.putArray("tooltip");
    for (int c : new int[] {x, y, color}) {
      if (c >= 0) {
        tooltip.addObject().put("field", field(c)).put("type", type(c));
      }
    }
  }

  private String type(int column) {
    return switch (columns.role(column)) {
      case NUMBER -> "quantitative";
      case TEMPORAL -> "temporal";
      default -> "nominal";
    };
  }

  private ObjectNode axis(ObjectNode channel, int column, String type) {
    return channel.put("field", field(column)).put("type", type).put("title", title(column));
  }

  private String field(int column) {
    return VegaLiteValidator.field(name(column));
  }

  private String title(int column) {
    return name(column).replace('_', ' ');
  }

  private String name(int column) {
    return result.columns().get(column).name();
  }

  private int identifier() {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.isIdentifier(i)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code base}, or {@code base_2}, … when a column already has that name. */
  private String freeName(String base) {
    List<String> names = result.columns().stream().map(ColumnMeta::name).toList();
    String name = base;
    for (int i = 2; names.contains(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** The plotted columns by name, in channel order (x, y, color). */
  private Map<String, Integer> fields(ChartPlan plan) {
    Map<String, Integer> fields = new LinkedHashMap<>();
    for (int c : new int[] {plan.x(), plan.y(), plan.color()}) {
      if (c >= 0) {
        fields.put(name(c), c);
      }
    }
    return fields;
  }

  private ObjectNode base(String title, Map<String, Integer> fields, int[] labelAndId) {
    ObjectNode spec = JSON.objectNode();
    spec.put("$schema", VegaLiteValidator.SCHEMA_URL);
    spec.put("title", title);
    spec.putObject("data").set("values", values(fields, labelAndId));
    return spec;
  }

  /**
   * Rows as objects keyed by column name; with {@code labelAndId}, the field mapped to -1 holds
   * "name (#id)".
   */
  private ArrayNode values(Map<String, Integer> fields, int[] labelAndId) {
    ArrayNode array = JSON.arrayNode();
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(fields.entrySet());
    for (List<Object> row : result.rows()) {
      ObjectNode o = array.addObject();
      for (Map.Entry<String, Integer> e : entries) {
        if (e.getValue() >= 0) {
          put(o, e.getKey(), row.get(e.getValue()));
        } else {
          o.put(e.getKey(), row.get(labelAndId[0]) + " (#" + row.get(labelAndId[1]) + ")");
        }
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
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        o.put(field, d);
      } else {
        o.putNull(field); // NaN and infinities are not JSON
      }
    } else if (v instanceof Number n) {
      o.put(field, n.longValue());
    } else if (v instanceof Boolean b) {
      o.put(field, b);
    } else if (v instanceof java.sql.Timestamp t) {
      o.put(field, t.toLocalDateTime().toString());
    } else if (v instanceof String || v instanceof LocalDateTime || v instanceof OffsetDateTime) {
      o.put(field, v.toString());
    } else {
      LocalDate d = ResultColumns.date(v);
      o.put(field, d != null ? d.toString() : v.toString());
    }
  }
}
