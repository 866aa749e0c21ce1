package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sqm.config.AppConfig;
import com.sqm.config.IntakeSettings;
import com.sqm.functions.playground.PlaygroundSettings;
import com.sqm.pipeline.EngineChoice;
import com.sqm.pipeline.EngineFactory;
import com.sqm.secret.SecretStores;
import com.sqm.service.SweeperService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** template.yaml as the consistency tests read it, and what the code reads of the environment. */
final class TemplateFile {
  /**
   * What a function needs to read a secret: the caching client (aws-secretsmanager-caching-java)
   * asks DescribeSecret for the current version before GetSecretValue.
   */
  static final String READ_SECRET_ACTIONS =
      "[\"secretsmanager:GetSecretValue\",\"secretsmanager:DescribeSecret\"]";

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /**
   * Functions that build no Redis client: the migrate function builds only the database pool, the
   * playground serves files.
   */
  static final Set<String> BUILDS_NO_CORE_COMPONENTS =
      Set.of("MigrateFunction", "PlaygroundFunction");

  /** Functions that read no database: the playground serves files. */
  static final Set<String> READS_NO_DATABASE = Set.of("PlaygroundFunction");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TemplateFile() {}

  static JsonNode template() {
    try {
      return YAML.readTree(ROOT.resolve("template.yaml").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode resources() {
    return template().path("Resources");
  }

  /** The template's functions by logical id, in template order. */
  static Map<String, JsonNode> functions() {
    Map<String, JsonNode> functions = new LinkedHashMap<>();
    resources()
        .fields()
        .forEachRemaining(
            r -> {
              if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.put(r.getKey(), r.getValue().path("Properties"));
              }
            });
    return functions;
  }

  /** The logical ids of the resources of {@code type}. */
  static List<String> ofType(JsonNode resources, String type) {
    List<String> names = new ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            r -> {
              if (r.getValue().path("Type").asText().equals(type)) {
                names.add(r.getKey());
              }
            });
    return names;
  }

  /** The function's events of {@code type} (HttpApi, SQS, EventBridgeRule, Schedule). */
  static List<JsonNode> eventsOfType(JsonNode function, String type) {
    List<JsonNode> events = new ArrayList<>();
    function
        .path("Events")
        .forEach(
            e -> {
              if (e.path("Type").asText().equals(type)) {
                events.add(e);
              }
            });
    return events;
  }

  /** The function's timeout in seconds: its own, or the Globals'. */
  static int timeout(JsonNode function) {
    return function.has("Timeout")
        ? function.path("Timeout").asInt()
        : template().path("Globals").path("Function").path("Timeout").asInt();
  }

  /** The variables the function is given: the Globals' and its own. */
  static Set<String> environment(JsonNode function) {
    Set<String> names = new TreeSet<>();
    template()
        .path("Globals")
        .path("Function")
        .path("Environment")
        .path("Variables")
        .fieldNames()
        .forEachRemaining(names::add);
    function.path("Environment").path("Variables").fieldNames().forEachRemaining(names::add);
    return names;
  }

  static Class<?> handlerClass(JsonNode function) throws ClassNotFoundException {
    String handler = function.path("Handler").asText();
    assertThat(handler).endsWith("::handleRequest");
    return Class.forName(handler.substring(0, handler.indexOf("::")));
  }

  /** The event type {@code handler} declares as its RequestHandler input. */
  static Type handlerEventType(Class<?> handler) {
    for (Type type : handler.getGenericInterfaces()) {
      if (type instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
        return p.getActualTypeArguments()[0];
      }
    }
    throw new AssertionError(handler + " is not a RequestHandler");
  }

  /**
   * Every variable name the function's code asks for: AppConfig and the secret store (every
   * function), and what the worker's engines, the sweeper and the event intake read besides.
   */
  static Set<String> settingsReadBy(String function) {
    Set<String> asked = new TreeSet<>(settingsReadByAppConfig());
    asked.add(SecretStores.LOCAL_DIRECTORY_SETTING);
    Function<String, String> recording =
        name -> {
          asked.add(name);
          return null;
        };
    switch (function) {
      case "QueryWorkerFunction" -> {
        Function<String, String> withKey =
            name -> {
              asked.add(name);
              return name.equals("OPENAI_API_KEY") ? "dummy" : null;
            };
        try (EngineChoice engines = EngineFactory.choose("openai", withKey)) {
          assertThat(engines.name()).startsWith("openai:");
        }
      }
      case "SweeperFunction" -> SweeperService.Settings.from(recording);
      case "QueryRequestedFunction", "IntakeQueueFunction" -> IntakeSettings.from(recording);
      case "PlaygroundFunction" -> PlaygroundSettings.from(recording);
      default -> {
        // AppConfig only.
      }
    }
    return asked;
  }

  /** Every variable name AppConfig asks its source for. */
  static Set<String> settingsReadByAppConfig() {
    Set<String> asked = new TreeSet<>();
    Map<String, String> values = dummySettings();
    AppConfig.from(
        name -> {
          asked.add(name);
          return values.get(name);
        });
    return asked;
  }

  static Map<String, String> dummySettings() {
    Map<String, String> values = new HashMap<>();
    values.put("SQM_DB_URL", "jdbc:postgresql://127.0.0.1:1/none");
    values.put("SQM_QUEUE_URL", "http://127.0.0.1:1/000000000000/none");
    values.put("SQM_SQS_ENDPOINT", "http://127.0.0.1:1");
    return values;
  }
}
