package com.sqm.ai.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.ai.ChartChoice;
import com.sqm.ai.Interpretation;
import com.sqm.ai.SqlDraft;
import com.sqm.config.Json;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the model's structured answers into the engine's records, checking them against the schemas
 * of {@link ResponseSchemas}: an answer that is not JSON or misses a field is an ENGINE_ERROR with
 * a sentence saying which, never a stack trace.
 */
final class ModelReplies {
  private static final Pattern FENCE =
      Pattern.compile("(?s)\\s*```[A-Za-z]*\\s*\\n(.*?)\\n?\\s*```\\s*");

  private ModelReplies() {}

  /** The draft, or QUESTION_NOT_ANSWERABLE with the model's reason when it said so. */
  static SqlDraft draft(String content) {
    JsonNode root = parse(content);
    if (!bool(root, "answerable")) {
      String reason = optionalText(root, "reasonIfNot");
      throw new SqmException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          reason == null
              ? "The question cannot be answered from this data source's tables."
              : reason.strip());
    }
    String sql = optionalText(root, "sql");
    if (sql == null || sql.isBlank()) {
      throw malformed("it said the question is answerable but wrote no SQL");
    }
    AIAnalysis analysis =
        new AIAnalysis(
            queryType(text(root, "queryType")),
            text(root, "intent"),
            strings(root, "tables"),
            strings(root, "measures"),
            strings(root, "dimensions"),
            strings(root, "filters"),
            limit(root),
            Math.max(0, Math.min(1, number(root, "confidence"))),
            optionalText(root, "timeRange"),
            strings(root, "assumptions"));
    return new SqlDraft(analysis, statement(sql));
  }

  static Interpretation interpretation(String content) {
    JsonNode root = parse(content);
    JsonNode figures = field(root, "keyFigures");
    if (!figures.isArray()) {
      throw malformed("'keyFigures' is not a list");
    }
    List<Interpretation.KeyFigure> keyFigures = new ArrayList<>();
    for (JsonNode f : figures) {
      keyFigures.add(new Interpretation.KeyFigure(text(f, "label"), text(f, "value")));
    }
    JsonNode chart = root.get("chart");
    ChartChoice choice = null;
    if (chart != null && chart.isObject()) {
      choice =
          new ChartChoice(
              chartType(text(chart, "type")),
              optionalText(chart, "x"),
              optionalText(chart, "y"),
              optionalText(chart, "color"),
              optionalText(chart, "title"));
    } else if (chart != null && !chart.isNull()) {
      throw malformed("'chart' is not an object");
    }
    return new Interpretation(text(root, "summary"), List.copyOf(keyFigures), choice);
  }

  /**
   * The statement as the guard expects it: without a Markdown code fence around it (servers that do
   * not enforce the schema add them) and without the terminating semicolon.
   */
  static String statement(String sql) {
    String s = withoutFence(sql);
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  private static JsonNode parse(String content) {
    if (content == null || content.isBlank()) {
      throw malformed("it was empty");
    }
    try {
      JsonNode root = Json.mapper().readTree(withoutFence(content));
      if (root == null || !root.isObject()) {
        throw malformed("it is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw malformed("it is not valid JSON");
    }
  }

  /** {@code text} without a surrounding ``` or ```json / ```sql fence, stripped. */
  private static String withoutFence(String text) {
    Matcher fenced = FENCE.matcher(text);
    return fenced.matches() ? fenced.group(1).strip() : text.strip();
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw malformed("field '" + name + "' is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isTextual()) {
      throw malformed("field '" + name + "' is not text");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw malformed("field '" + name + "' is not text");
    }
    return value.asText().isBlank() ? null : value.asText();
  }

  private static boolean bool(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isBoolean()) {
      throw malformed("field '" + name + "' is not true or false");
    }
    return value.asBoolean();
  }

  private static double number(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isNumber()) {
      throw malformed("field '" + name + "' is not a number");
    }
    return value.asDouble();
  }

  private static Integer limit(JsonNode node) {
    JsonNode value = node.get("limit");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToInt()) {
      throw malformed("field 'limit' is not a whole number");
    }
    return value.asInt() > 0 ? value.asInt() : null;
  }

  private static List<String> strings(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isArray()) {
      throw malformed("field '" + name + "' is not a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw malformed("field '" + name + "' holds something other than text");
      }
      out.add(item.asText());
    }
    return List.copyOf(out);
  }

  private static QueryType queryType(String name) {
    try {
      return QueryType.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw malformed("'" + name + "' is not a known query type");
    }
  }

  private static ChartType chartType(String name) {
    try {
      return ChartType.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw malformed("'" + name + "' is not a known chart type");
    }
  }

  private static SqmException malformed(String what) {
    return new SqmException(
        ErrorCode.ENGINE_ERROR,
        "The model's answer did not follow the expected format: " + what + ".");
  }
}
