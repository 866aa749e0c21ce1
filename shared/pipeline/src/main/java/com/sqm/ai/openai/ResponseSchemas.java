package com.sqm.ai.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.model.ChartType;
import com.sqm.model.QueryType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON schemas (strict structured outputs) the model must answer in: one for the analysis and
 * SQL of a question, one for the interpretation of a result. Strict mode needs every property
 * listed as required and no others allowed; optional values are nullable instead.
 */
final class ResponseSchemas {
  static final String DRAFT_NAME = "sql_draft";
  static final String INTERPRETATION_NAME = "interpretation";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ResponseSchemas() {}

  /** Analysis first, SQL last: the model writes its understanding before the query. */
  static ObjectNode draft() {
    Map<String, ObjectNode> p = new LinkedHashMap<>();
    p.put("answerable", type("boolean"));
    p.put("reasonIfNot", nullable("string"));
    p.put("queryType", enumOf(names(QueryType.values())));
    p.put("intent", type("string"));
    p.put("tables", stringArray());
    p.put("measures", stringArray());
    p.put("dimensions", stringArray());
    p.put("filters", stringArray());
    p.put("timeRange", nullable("string"));
    p.put("limit", nullable("integer"));
    p.put("assumptions", stringArray());
    p.put("confidence", type("number"));
    p.put("sql", nullable("string"));
    return object(p);
  }

  static ObjectNode interpretation() {
    Map<String, ObjectNode> figure = new LinkedHashMap<>();
    figure.put("label", type("string"));
    figure.put("value", type("string"));
    ObjectNode figures = type("array");
    figures.set("items", object(figure));

    Map<String, ObjectNode> chart = new LinkedHashMap<>();
    chart.put("type", enumOf(names(ChartType.values())));
    chart.put("x", nullable("string"));
    chart.put("y", nullable("string"));
    chart.put("color", nullable("string"));
    chart.put("title", nullable("string"));

    Map<String, ObjectNode> p = new LinkedHashMap<>();
    p.put("summary", type("string"));
    p.put("keyFigures", figures);
    p.put("chart", object(chart));
    return object(p);
  }

  private static ObjectNode object(Map<String, ObjectNode> properties) {
    ObjectNode schema = type("object");
    ObjectNode props = schema.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    properties.forEach(
        (name, s) -> {
          props.set(name, s);
          required.add(name);
        });
    schema.set("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }

  private static ObjectNode type(String type) {
    ObjectNode node = NODES.objectNode();
    node.put("type", type);
    return node;
  }

  private static ObjectNode nullable(String type) {
    ObjectNode node = NODES.objectNode();
    node.putArray("type").add(type).add("null");
    return node;
  }

  private static ObjectNode stringArray() {
    ObjectNode node = type("array");
    node.set("items", type("string"));
    return node;
  }

  private static ObjectNode enumOf(String... values) {
    ObjectNode node = type("string");
    ArrayNode e = node.putArray("enum");
    Arrays.stream(values).forEach(e::add);
    return node;
  }

  private static String[] names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
  }
}
