package com.sqm.local.runtime;

import static com.sqm.local.runtime.TemplateFile.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.secret.SecretStores;
import com.sqm.service.ProgressWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The template's functions agree with the code: handlers, their triggers and their settings. */
class TemplateFunctionsTest {
  /**
   * Settings the code reads that the template leaves unset on purpose; a new setting fails the
   * environment test until it is set in the template or named here with the reason.
   */
  private static final Map<String, String> NOT_DEPLOYED =
      Map.ofEntries(
          Map.entry("AWS_REGION", "Lambda sets it"),
          Map.entry("AWS_LAMBDA_FUNCTION_NAME", "Lambda sets it"),
          Map.entry("SQM_SQS_ENDPOINT", "local endpoint; deployed functions use the region's"),
          Map.entry("SQM_EVENTS_ENDPOINT", "local endpoint; deployed functions use the region's"),
          Map.entry(SecretStores.LOCAL_DIRECTORY_SETTING, "local secrets directory"),
          Map.entry("SQM_WEBHOOK_ALLOW_HTTP", "local only: deployed webhooks are https"),
          Map.entry("SQM_DB_POOL_SIZE", "the default fits a container serving one request"),
          Map.entry("SQM_DB_CONNECT_TIMEOUT_MS", "the default"),
          Map.entry("SQM_PROGRESS_WAITERS", "a container serves one request: any cap above 0 fits"),
          Map.entry("SQM_CACHE_TTL_SECONDS", "the default"),
          Map.entry("SQM_MAX_QUESTION_LENGTH", "the default"),
          Map.entry("SQM_DEFAULT_DATASOURCE", "the default"),
          Map.entry("SQM_EVENT_BUS_NAME", "only the worker and the sweeper publish"),
          Map.entry("SQM_WEBHOOK_SECRET", "only where callback URLs are accepted or called"),
          Map.entry("SQM_INTAKE_EVENT_SOURCES", "only the EventBridge intake checks sources"),
          Map.entry("SQM_INTAKE_GROUP_SOURCES", "only the EventBridge intake trusts groups"),
          Map.entry("SQM_SWEEPER_SEND_GRACE_SECONDS", "the default"),
          Map.entry("SQM_SWEEPER_UNCLAIMED_SECONDS", "the default"),
          Map.entry("SQM_ENGINE_FALLBACK", "worker: set; elsewhere unused"),
          Map.entry("SQM_MODEL_SQL", "per-stage override of SQM_MODEL"),
          Map.entry("SQM_MODEL_INTERPRET", "per-stage override of SQM_MODEL"),
          Map.entry("SQM_MODEL_MAX_TOKENS", "the default"),
          Map.entry("SQM_MODEL_CORRECTIONS", "the default"),
          Map.entry("SQM_MODEL_EXAMPLES", "the default"),
          Map.entry("SQM_MODEL_MAX_RETRIES", "the default"),
          Map.entry("SQM_MODEL_PRICES", "the default price table"),
          Map.entry("SQM_MODEL_SCHEMA_TOKENS", "the default"));

  private static final Map<String, Class<?>> EVENT_TYPE_OF_TRIGGER =
      Map.of(
          "HttpApi", APIGatewayV2HTTPEvent.class,
          "SQS", SQSEvent.class,
          "EventBridgeRule", ScheduledEvent.class,
          "Schedule", ScheduledEvent.class);

  @Test
  void shouldTakeTheEventTypeOfItsTrigger_whenTemplateDeclaresAHandler() throws Exception {
    Set<String> customResourceFunctions = new HashSet<>();
    JsonNode resources = TemplateFile.resources();
    for (String name : TemplateFile.ofType(resources, "AWS::CloudFormation::CustomResource")) {
      customResourceFunctions.add(
          resources.path(name).path("Properties").path("ServiceToken").asText().split("\\.")[0]);
    }

    for (Map.Entry<String, JsonNode> function : TemplateFile.functions().entrySet()) {
      Set<String> triggers = new TreeSet<>();
      function.getValue().path("Events").forEach(e -> triggers.add(e.path("Type").asText()));
      Class<?> handler = TemplateFile.handlerClass(function.getValue());

      if (triggers.isEmpty()) {
        assertThat(customResourceFunctions).as(function.getKey()).contains(function.getKey());
        assertThat(TemplateFile.handlerEventType(handler))
            .isEqualTo(CloudFormationCustomResourceEvent.class);
      } else {
        assertThat(triggers).as(function.getKey()).hasSize(1);
        assertThat(EVENT_TYPE_OF_TRIGGER).containsKey(triggers.iterator().next());
        assertThat(TemplateFile.handlerEventType(handler))
            .as(function.getKey())
            .isEqualTo(EVENT_TYPE_OF_TRIGGER.get(triggers.iterator().next()));
      }
    }
  }

  @Test
  void shouldDeployEveryHandlerFromItsModule_whenFunctionModulesDeclareHandlers()
      throws IOException {
    // Handler classes in the function modules, by class name, with their module.
    Map<String, String> shipped = new TreeMap<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("functions"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Path relative = ROOT.resolve("functions").relativize(file);
        if (relative.toString().contains("/src/main/java/")
            && source.replaceAll("\\s+", " ").contains("implements RequestHandler<")) {
          String className =
              relative
                  .subpath(4, relative.getNameCount())
                  .toString()
                  .replace(".java", "")
                  .replace('/', '.');
          shipped.put(className, "functions/" + relative.getName(0));
        }
      }
    }
    Map<String, String> deployed = new TreeMap<>();
    for (JsonNode function : TemplateFile.functions().values()) {
      String handler = function.path("Handler").asText().split("::")[0];
      deployed.put(handler, function.path("CodeUri").asText());
    }

    assertThat(deployed).isEqualTo(shipped);
  }

  @Test
  void shouldSetWhatEachFunctionReadsAndNothingElse_whenTemplateConfiguresEnvironment() {
    for (Map.Entry<String, JsonNode> function : TemplateFile.functions().entrySet()) {
      Set<String> given = TemplateFile.environment(function.getValue());
      given.remove("JAVA_TOOL_OPTIONS");
      Set<String> read = TemplateFile.settingsReadBy(function.getKey());
      Set<String> unset = new TreeSet<>(read);
      unset.removeAll(given);

      assertThat(read).as(function.getKey() + " reads what it is given").containsAll(given);
      assertThat(NOT_DEPLOYED.keySet())
          .as(function.getKey() + " is given what it reads (or NOT_DEPLOYED says why not)")
          .containsAll(unset);
      assertThat(given).contains("SQM_DB_URL", "SQM_DB_USER", "SQM_DB_PASSWORD", "SQM_QUEUE_URL");
    }
  }

  @Test
  void shouldOutlastTheLongestWaitWithinHttpApiLimit_whenGetQueryLongPolls() {
    JsonNode getQuery = TemplateFile.functions().get("GetQueryFunction");

    int timeout = TemplateFile.timeout(getQuery);

    // The handler stops waiting 3 s before the function's end; 5 s leaves room for a cold start.
    assertThat(timeout).isGreaterThanOrEqualTo(ProgressWait.MAX_SECONDS + 5);
    // API Gateway gives an HTTP API integration at most 30 s: a longer function would be cut off.
    assertThat(timeout).isLessThanOrEqualTo(30);
  }

  @Test
  void shouldPublishVersionsWithSnapStartBehindAnAlias_whenTemplateDeclaresFunctions() {
    JsonNode globals = TemplateFile.template().path("Globals").path("Function");

    assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
    assertThat(globals.path("AutoPublishAlias").asText()).isNotBlank();
    assertThat(globals.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
    for (Map.Entry<String, JsonNode> function : TemplateFile.functions().entrySet()) {
      assertThat(function.getValue().has("SnapStart")).as(function.getKey()).isFalse();
      assertThat(function.getValue().has("AutoPublishAlias")).as(function.getKey()).isFalse();
      assertThat(function.getValue().has("Runtime")).as(function.getKey()).isFalse();
    }
  }
}
