package com.sqm.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.sqm.config.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Vega-Lite spec before it leaves the pipeline: against the Vega-Lite JSON schema vendored
 * under {@code resources/vega-lite/} (see the README there), and in code against what the schema
 * cannot say: fields name result columns, the data is inline and capped, and nothing in it is an
 * expression, a signal or a link. A chart is data, never code.
 */
public final class VegaLiteValidator {
  /** The schema version vendored in {@code src/main/resources/vega-lite/}. */
  public static final String SCHEMA_VERSION = "6.5.0";

  /** The {@code $schema} every spec carries: the current major of Vega-Lite. */
  public static final String SCHEMA_URL = "https://vega.github.io/schema/vega-lite/v6.json";

  /** Rows a spec may inline by default; more make a slow chart and a large stored answer. */
  public static final int DEFAULT_MAX_INLINE_ROWS = 500;

  /** Schema messages kept per spec: one wrong property fails every branch of an anyOf. */
  private static final int MAX_SCHEMA_MESSAGES = 10;

  /**
   * Keys that carry expressions, signals, links or data from elsewhere, wherever they appear: an
   * {@code ExprRef} ({@code expr}), parameters and selections ({@code params}, {@code signal}),
   * transforms ({@code transform}: calculate, filter, lookup), conditions with predicates ({@code
   * test}), links and images ({@code href}, {@code url}) and named data ({@code datasets}).
   */
  private static final Set<String> FORBIDDEN_KEYS =
      Set.of(
          "expr",
          "signal",
          "params",
          "transform",
          "calculate",
          "filter",
          "test",
          "href",
          "url",
          "datasets",
          "selection",
          "param");

  private final int maxInlineRows;

  public VegaLiteValidator() {
    this(DEFAULT_MAX_INLINE_ROWS);
  }

  public VegaLiteValidator(int maxInlineRows) {
    if (maxInlineRows < 1) {
      throw new IllegalArgumentException("maxInlineRows must be at least 1");
    }
    this.maxInlineRows = maxInlineRows;
  }

  public int maxInlineRows() {
    return maxInlineRows;
  }

  /**
   * Compiles the vendored schema now rather than on the first chart: call it at container start
   * (Lambda init runs on a faster CPU share); 0.6 to 1.3 s on a cold JVM, measured on two shared
   * cores.
   */
  public static void preload() {
    ObjectNode spec = Json.mapper().createObjectNode();
    spec.putObject("data").putArray("values");
    spec.put("mark", "bar");
    spec.putObject("encoding").putObject("x").put("field", "a").put("type", "nominal");
    VendoredSchema.INSTANCE.validate(spec);
  }

  /**
   * Violations of {@code spec} against the schema and the rules above; {@code fields} are the names
   * the inline rows carry (the result's columns and any label the chart derived from them).
   */
  public Validation validate(JsonNode spec, Collection<String> fields) {
    List<Violation> violations = new ArrayList<>();
    if (spec == null || !spec.isObject()) {
      violations.add(new Violation("", "the spec is not a JSON object"));
      return new Validation(violations);
    }
    checkSchemaUrl(spec, violations);
    checkData(spec, violations);
    walk(spec, "", Set.copyOf(fields), violations);
    Set<ValidationMessage> messages = VendoredSchema.INSTANCE.validate(spec);
    messages.stream()
        .limit(MAX_SCHEMA_MESSAGES)
        .forEach(
            m ->
                violations.add(
                    new Violation(
                        m.getInstanceLocation().toString(), "schema: " + m.getMessage())));
    return new Validation(violations);
  }

  private static void checkSchemaUrl(JsonNode spec, List<Violation> violations) {
    JsonNode schema = spec.get("$schema");
    if (schema != null && !SCHEMA_URL.equals(schema.asText())) {
      violations.add(new Violation("/$schema", "the spec must declare " + SCHEMA_URL));
    }
  }

  private void checkData(JsonNode spec, List<Violation> violations) {
    JsonNode data = spec.get("data");
    if (data == null || !data.isObject() || !data.path("values").isArray()) {
      violations.add(new Violation("/data", "the data must be inline rows in data.values"));
      return;
    }
    Iterator<String> keys = data.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!key.equals("values")) {
        violations.add(new Violation("/data/" + key, "data may hold only inline values"));
      }
    }
    JsonNode values = data.get("values");
    if (values.size() > maxInlineRows) {
      violations.add(
          new Violation(
              "/data/values",
              "the spec inlines "
                  + values.size()
                  + " rows, more than the cap of "
                  + maxInlineRows));
    }
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isObject()) {
        violations.add(new Violation("/data/values/" + i, "an inline row must be a JSON object"));
        return;
      }
    }
  }

  /**
   * Walks the spec (not the inline rows): no forbidden key, no data but the top-level inline rows
   * (whose cap would otherwise not hold), and every {@code field} (channels, tooltips, sorts,
   * facets, layers) names a column.
   */
  private static void walk(
      JsonNode node, String path, Set<String> fields, List<Violation> violations) {
    if (path.equals("/data/values")) {
      return;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "/" + i, fields, violations);
      }
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      String at = path + "/" + key;
      if (FORBIDDEN_KEYS.contains(key)) {
        violations.add(new Violation(at, "'" + key + "' is not allowed in a chart"));
      } else if (key.equals("data") && !path.isEmpty()) {
        violations.add(new Violation(at, "data may only be inlined at the top of the spec"));
      } else if (key.equals("field")) {
        JsonNode f = e.getValue();
        if (!f.isTextual() || !fields.contains(unescape(f.asText()))) {
          violations.add(new Violation(at, "field " + f + " is not a column of the result"));
        }
      } else {
        walk(e.getValue(), at, fields, violations);
      }
    }
  }

  /**
   * A column name as a Vega-Lite field: dots and brackets otherwise mean nested access ("a.b" reads
   * property b of a), so they and backslashes are escaped.
   */
  public static String field(String column) {
    StringBuilder sb = new StringBuilder(column.length());
    for (char c : column.toCharArray()) {
      if (c == '.' || c == '[' || c == ']' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static String unescape(String field) {
    StringBuilder sb = new StringBuilder(field.length());
    boolean escaped = false;
    for (char c : field.toCharArray()) {
      if (c == '\\' && !escaped) {
        escaped = true;
      } else {
        sb.append(c);
        escaped = false;
      }
    }
    return sb.toString();
  }

  /** What is wrong with a spec; valid when empty. */
  public record Validation(List<Violation> violations) {
    public Validation {
      violations = List.copyOf(violations);
    }

    public boolean valid() {
      return violations.isEmpty();
    }
  }

  /** One rule a spec breaks: where (a JSON pointer into the spec) and what. */
  public record Violation(String path, String message) {}

  /**
   * The compiled schema, built once per container on first use: the file is ~1.9 MB and compiling
   * it takes far longer than validating a spec, so it is shared by every validator instance.
   */
  private static final class VendoredSchema {
    static final JsonSchema INSTANCE = load();

    private static JsonSchema load() {
      String resource = "/vega-lite/v" + SCHEMA_VERSION + ".json";
      try (InputStream in = VegaLiteValidator.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + resource);
        }
        JsonNode schema = Json.mapper().readTree(in);
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        // The library's default preloads every $ref eagerly; Vega-Lite's recursive definitions
        // (layers of layers, conditions of conditions) then expand until the heap runs out.
        // Lazily, each definition is compiled on first use and cached.
        return factory.getSchema(
            schema, SchemaValidatorsConfig.builder().preloadJsonSchema(false).build());
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + resource, e);
      }
    }
  }
}
