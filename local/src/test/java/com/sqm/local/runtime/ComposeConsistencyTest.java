package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sqm.config.Json;
import com.sqm.secret.SecretReference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, its LocalStack init scripts and .env.example against template.yaml, without
 * Docker: every queue, secret and event bus the template declares is created by the init scripts
 * with the template's settings, and .env.example points at what they create.
 */
class ComposeConsistencyTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path INIT = ROOT.resolve("local/localstack-init");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, String> CREATES =
      Map.of(
          "AWS::SQS::Queue", "sqs create-queue",
          "AWS::Events::EventBus", "events create-event-bus",
          "AWS::SecretsManager::Secret", "secretsmanager create-secret");

  @Test
  void shouldCreateEveryQueueSecretAndBus_whenTheTemplateDeclaresThem() throws IOException {
    // Arrange
    JsonNode resources = template().path("Resources");
    Set<String> declared = new TreeSet<>();
    resources
        .fields()
        .forEachRemaining(
            r -> {
              if (CREATES.containsKey(r.getValue().path("Type").asText())) {
                declared.add(r.getKey());
              }
            });

    // Act
    Map<String, List<String>> created = initCommands();

    // Assert
    assertThat(declared).hasSize(7);
    assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(declared);
    created.forEach(
        (id, command) ->
            assertThat(String.join(" ", command))
                .as(id)
                .startsWith("awslocal " + CREATES.get(resources.path(id).path("Type").asText())));
  }

  @Test
  void shouldGiveEachQueueTheTemplatesTimeoutAndRedrive_whenTheInitScriptCreatesIt()
      throws IOException {
    // Arrange
    JsonNode resources = template().path("Resources");
    Map<String, List<String>> created = initCommands();

    for (Map.Entry<String, List<String>> queue : created.entrySet()) {
      JsonNode props = resources.path(queue.getKey()).path("Properties");
      if (!resources.path(queue.getKey()).path("Type").asText().equals("AWS::SQS::Queue")) {
        continue;
      }
      // Act
      JsonNode attributes = attributes(queue.getValue());

      // Assert
      JsonNode redrive = props.path("RedrivePolicy");
      if (redrive.isMissingNode()) {
        assertThat(attributes.has("RedrivePolicy")).as(queue.getKey()).isFalse();
        continue;
      }
      assertThat(attributes.path("VisibilityTimeout").asInt())
          .as(queue.getKey())
          .isEqualTo(props.path("VisibilityTimeout").asInt());
      JsonNode localRedrive = Json.mapper().readTree(attributes.path("RedrivePolicy").asText());
      String deadLetterId = redrive.path("deadLetterTargetArn").asText().replace(".Arn", "");
      assertThat(localRedrive.path("deadLetterTargetArn").asText())
          .as(queue.getKey())
          .endsWith(":" + option(created.get(deadLetterId), "--queue-name"));
      assertThat(localRedrive.path("maxReceiveCount").asInt())
          .isEqualTo(redrive.path("maxReceiveCount").asInt());
    }
  }

  @Test
  void shouldPointAtWhatTheInitScriptsCreate_whenEnvExampleIsUsed() throws IOException {
    // Arrange
    Map<String, List<String>> created = initCommands();
    Map<String, String> env = envExample();
    JsonNode localstack = compose().path("localstack");
    int port = Integer.parseInt(localstack.path("ports").get(0).asText().split(":")[0]);

    // Act
    String queueUrl = env.get("SQM_QUEUE_URL");
    String webhookSecret = env.get("SQM_WEBHOOK_SECRET");

    // Assert
    assertThat(queueUrl)
        .endsWith("/000000000000/" + option(created.get("QueryQueue"), "--queue-name"));
    assertThat(env.get("SQM_EVENT_BUS_NAME"))
        .isEqualTo(option(created.get("CompletionEventBus"), "--name"));
    assertThat(webhookSecret)
        .isEqualTo(SecretReference.PREFIX + option(created.get("WebhookSigningSecret"), "--name"));
    for (String endpoint :
        List.of("SQM_SQS_ENDPOINT", "SQM_EVENTS_ENDPOINT", "AWS_ENDPOINT_URL_SECRETS_MANAGER")) {
      assertThat(URI.create(env.get(endpoint)).getPort()).as(endpoint).isEqualTo(port);
    }
    assertThat(URI.create(queueUrl).getPort()).isEqualTo(port);
  }

  @Test
  void shouldRunTheInitScriptsWithEveryServiceTheyUse_whenLocalStackStarts() throws IOException {
    // Arrange
    JsonNode localstack = compose().path("localstack");
    Set<String> services =
        Set.of(localstack.path("environment").path("SERVICES").asText().split(","));
    Map<String, List<String>> created = initCommands();
    String lastCreated =
        String.join(" ", new ArrayList<>(created.values()).get(created.size() - 1));

    // Act
    List<String> used =
        created.values().stream().map(command -> command.get(1)).distinct().toList();

    // Assert
    assertThat(services).containsAll(used);
    assertThat(localstack.path("volumes").get(0).asText())
        .isEqualTo("./local/localstack-init:/etc/localstack/init/ready.d:ro");
    // The health check waits for the last thing the scripts create.
    assertThat(localstack.path("healthcheck").path("test").get(1).asText())
        .contains(option(new ArrayList<>(created.values()).get(created.size() - 1), "--name"));
    assertThat(lastCreated).startsWith("awslocal events create-event-bus");
    // The cache token secret is the password Redis is started with.
    assertThat(localstack.path("environment").path("SQM_REDIS_PASSWORD").asText())
        .isEqualTo(compose().path("redis").path("environment").path("REDISCLI_AUTH").asText());
    assertThat(String.join(" ", created.get("CacheAuthToken")))
        .contains("--secret-string $SQM_REDIS_PASSWORD");
  }

  /**
   * The command after each {@code # template: LogicalId} line of the init scripts (in the order
   * LocalStack runs them), split into words as the shell would; {@code $VAR} of a variable the
   * script sets is expanded, other variables are kept as written.
   */
  private static Map<String, List<String>> initCommands() throws IOException {
    Map<String, List<String>> commands = new LinkedHashMap<>();
    List<Path> scripts;
    try (Stream<Path> files = Files.list(INIT)) {
      scripts = files.filter(f -> f.toString().endsWith(".sh")).sorted().toList();
    }
    for (Path script : scripts) {
      Map<String, String> variables = new HashMap<>();
      String pending = null;
      for (String line : Files.readString(script).replace("\\\n", " ").split("\n")) {
        String text = line.strip();
        if (text.startsWith("# template:")) {
          pending = text.substring("# template:".length()).strip();
        } else if (text.matches("[A-Z_]+=\\S+")) {
          variables.put(
              text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
        } else if (!text.isEmpty() && !text.startsWith("#") && pending != null) {
          assertThat(commands).as("%s is created once", pending).doesNotContainKey(pending);
          commands.put(pending, words(text, variables));
          pending = null;
        }
      }
    }
    return commands;
  }

  /** Shell words: single quotes keep everything; double quotes expand the script's own $VARs. */
  private static List<String> words(String line, Map<String, String> variables) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\'' || c == '"') {
        int end = line.indexOf(c, i + 1);
        String quoted = line.substring(i + 1, end);
        word.append(c == '"' ? expand(quoted, variables) : quoted);
        i = end + 1;
        inWord = true;
        continue;
      }
      if (c == ' ') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
      i++;
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static String expand(String text, Map<String, String> variables) {
    String result = text;
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      result = result.replace("$" + variable.getKey(), variable.getValue());
    }
    return result;
  }

  private static String option(List<String> command, String name) {
    int at = command.indexOf(name);
    assertThat(at).as("%s in %s", name, command).isNotNegative();
    return command.get(at + 1);
  }

  private static JsonNode attributes(List<String> command) throws IOException {
    int at = command.indexOf("--attributes");
    return at < 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(command.get(at + 1));
  }

  private static JsonNode template() throws IOException {
    return YAML.readTree(ROOT.resolve("template.yaml").toFile());
  }

  private static JsonNode compose() throws IOException {
    return YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
  }

  private static Map<String, String> envExample() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return env;
  }
}
