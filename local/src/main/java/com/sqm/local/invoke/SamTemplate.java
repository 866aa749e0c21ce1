package com.sqm.local.invoke;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.sqm.local.UsageException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The functions of a SAM {@code template.yaml}. CloudFormation's short tags ({@code !Ref X}, {@code
 * !Sub "..."}, {@code !If [...]}) are read as their long forms ({@code {"Ref": "X"}}, {@code
 * {"Fn::Sub": "..."}}), so an intrinsic function is never mistaken for a literal value.
 */
public final class SamTemplate {
  static final String FUNCTION_TYPE = "AWS::Serverless::Function";
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode root;

  private SamTemplate(JsonNode root) {
    this.root = root;
  }

  public static SamTemplate read(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      return parse(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /** Parses template text (tests, tools). */
  public static SamTemplate parse(String yaml) {
    try {
      return parse(new StringReader(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException("could not parse the template", e);
    }
  }

  private static SamTemplate parse(Reader reader) throws IOException {
    try (YAMLParser parser = YAML.createParser(reader)) {
      parser.nextToken();
      return new SamTemplate(node(parser));
    }
  }

  /** The parsed template, with intrinsic functions in their long form. */
  public JsonNode root() {
    return root;
  }

  /** The logical ids of the template's functions, sorted. */
  public List<String> functionNames() {
    TreeSet<String> names = new TreeSet<>();
    root.path("Resources")
        .fields()
        .forEachRemaining(
            r -> {
              if (FUNCTION_TYPE.equals(r.getValue().path("Type").asText())) {
                names.add(r.getKey());
              }
            });
    return List.copyOf(names);
  }

  /** The function {@code logicalId}, with the Globals applied. */
  public TemplateFunction function(String logicalId) throws UsageException {
    JsonNode resource = root.path("Resources").path(logicalId);
    if (!FUNCTION_TYPE.equals(resource.path("Type").asText())) {
      throw new UsageException(
          "template.yaml has no function '"
              + logicalId
              + "'; its functions: "
              + String.join(", ", functionNames()));
    }
    JsonNode properties = resource.path("Properties");
    JsonNode globals = root.path("Globals").path("Function");
    String handler = text(properties, globals, "Handler");
    String codeUri = text(properties, globals, "CodeUri");
    if (handler == null || codeUri == null) {
      throw new UsageException(
          "function '" + logicalId + "' has no literal Handler and CodeUri in template.yaml");
    }
    Map<String, JsonNode> variables = new LinkedHashMap<>();
    globals
        .path("Environment")
        .path("Variables")
        .fields()
        .forEachRemaining(v -> variables.put(v.getKey(), v.getValue()));
    properties
        .path("Environment")
        .path("Variables")
        .fields()
        .forEachRemaining(v -> variables.put(v.getKey(), v.getValue()));
    String timeout = text(properties, globals, "Timeout");
    Optional<Integer> timeoutSeconds =
        timeout != null && timeout.matches("\\d{1,5}")
            ? Optional.of(Integer.valueOf(timeout))
            : Optional.empty();
    return new TemplateFunction(logicalId, handler, codeUri, variables, timeoutSeconds);
  }

  private static String text(JsonNode properties, JsonNode globals, String name) {
    JsonNode value = properties.has(name) ? properties.get(name) : globals.get(name);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** {@code {"Ref": ...}} or {@code {"Fn::...": ...}}: a value CloudFormation computes. */
  public static boolean isIntrinsic(JsonNode value) {
    if (!value.isObject() || value.size() != 1) {
      return false;
    }
    String name = value.fieldNames().next();
    return name.equals("Ref") || name.startsWith("Fn::") || name.equals("Condition");
  }

  /** One function of the template: its handler, code and environment as written. */
  public record TemplateFunction(
      String logicalId,
      String handler,
      String codeUri,
      Map<String, JsonNode> variables,
      Optional<Integer> timeoutSeconds) {
    /** The handler's class, without {@code ::method}. */
    public String handlerClass() {
      int separator = handler.indexOf("::");
      return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The handler's method, {@code handleRequest} unless named. */
    public String handlerMethod() {
      int separator = handler.indexOf("::");
      return separator < 0 ? "handleRequest" : handler.substring(separator + 2);
    }

    /** The variable's literal value; empty when it is an intrinsic function. */
    public Optional<String> literal(String name) {
      JsonNode value = variables.get(name);
      return value == null || !value.isValueNode() || value.isNull()
          ? Optional.empty()
          : Optional.of(value.asText());
    }
  }

  private static JsonNode node(YAMLParser parser) throws IOException {
    String tag = parser.getTypeId();
    JsonToken token = parser.currentToken();
    JsonNode value;
    if (token == JsonToken.START_OBJECT) {
      ObjectNode object = NODES.objectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        object.set(name, node(parser));
      }
      value = object;
    } else if (token == JsonToken.START_ARRAY) {
      ArrayNode array = NODES.arrayNode();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        array.add(node(parser));
      }
      value = array;
    } else if (token == JsonToken.VALUE_NULL) {
      value = NODES.nullNode();
    } else {
      value = NODES.textNode(parser.getText());
    }
    if (tag == null || tag.startsWith("tag:")) {
      return value;
    }
    return NODES.objectNode().set(tag.equals("Ref") ? "Ref" : "Fn::" + tag, value);
  }
}
