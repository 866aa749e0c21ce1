package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sqm.cache.RedisEndpoint;
import com.sqm.config.AppConfig;
import com.sqm.config.CoreComponents;
import com.sqm.config.IntakeSettings;
import com.sqm.functions.submit.IntakeQueueHandler;
import com.sqm.functions.submit.QueryRequestedEventHandler;
import com.sqm.functions.sweeper.SweeperHandler;
import com.sqm.model.DataSourceConfig;
import com.sqm.secret.SecretReference;
import com.sqm.secret.SecretStore;
import com.sqm.service.DataSourceAdminService;
import com.sqm.service.DataSourceChecks;
import com.sqm.service.FeedbackService;
import com.sqm.service.IntakeService;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What can be checked here of the files for AWS and Docker users: template.yaml, docker-compose.yml
 * and .env.example parse, and agree with the code (handler classes, modules, routes, settings).
 */
class DeploymentFilesTest {
  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:CacheAuthToken-AbC123";
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void shouldNameExistingHandlerClassesAndModules_whenTemplateDeclaresFunctions() throws Exception {
    JsonNode resources = template().path("Resources");
    List<JsonNode> functions = functions(resources);

    assertThat(functions).hasSize(16);
    for (JsonNode function : functions) {
      JsonNode props = function.path("Properties");
      String handler = props.path("Handler").asText();
      assertThat(handler).endsWith("::handleRequest");
      Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
      assertThat(RequestHandler.class).isAssignableFrom(type);
      // sam build builds the module (FunctionBuildTest checks its Makefile).
      String codeUri = props.path("CodeUri").asText();
      assertThat(codeUri).matches("functions/[a-z]+");
      assertThat(ROOT.resolve(codeUri).resolve("pom.xml")).as(handler).isRegularFile();
      assertThat(function.path("Metadata").path("BuildMethod").asText()).isEqualTo("makefile");
    }
  }

  @Test
  void shouldServeTheTemplatesRoutesWithTheSameHandlers_whenRunLocally() throws IOException {
    JsonNode resources = template().path("Resources");
    Set<String> deployed = new TreeSet<>();
    for (JsonNode function : functions(resources)) {
      JsonNode props = function.path("Properties");
      String handlerClass = props.path("Handler").asText().split("::")[0];
      for (JsonNode event : props.path("Events")) {
        if (event.path("Type").asText().equals("HttpApi")) {
          JsonNode e = event.path("Properties");
          boolean open = e.path("Auth").path("Authorizer").asText().equals("NONE");
          deployed.add(
              e.path("Method").asText()
                  + " "
                  + e.path("Path").asText()
                  + " "
                  + handlerClass
                  + " auth="
                  + !open);
        }
      }
    }

    Set<String> local;
    try (CoreComponents core =
        CoreComponents.create(AppConfig.from(TemplateFile.dummySettings()))) {
      FeedbackService feedback = core.feedbackService((dataSource, sql) -> {});
      DataSourceAdminService admin = core.dataSourceAdminService(new NoChecks());
      local =
          LocalRuntime.routes(core, feedback, admin).routes().stream()
              .map(
                  r ->
                      r.routeKey()
                          + " "
                          + r.handler().getClass().getName()
                          + " auth="
                          + r.requiresAuth())
              .collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(local).isEqualTo(deployed);
  }

  @Test
  void shouldSweepEveryMinuteAndMaySend_whenTemplateDeclaresTheSweeper() throws IOException {
    JsonNode sweeper = template().path("Resources").path("SweeperFunction").path("Properties");

    assertThat(sweeper.path("Handler").asText())
        .isEqualTo(SweeperHandler.class.getName() + "::handleRequest");
    List<JsonNode> schedules = new java.util.ArrayList<>();
    sweeper
        .path("Events")
        .forEach(
            e -> {
              if (e.path("Type").asText().equals("Schedule")) {
                schedules.add(e);
              }
            });
    assertThat(schedules)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.path("Properties").path("Schedule").asText())
                    .isEqualTo("rate(1 minute)"));
    assertThat(sweeper.path("Policies").toString())
        .contains("SQSSendMessagePolicy")
        .contains("QueryQueue");
  }

  @Test
  void shouldPointAtComposeServices_whenEnvExampleIsUsedWithDockerCompose() throws IOException {
    Map<String, String> env = envExample();
    JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");

    assertThat(TemplateFile.settingsReadByAppConfig())
        .containsAll(env.keySet().stream().filter(k -> k.startsWith("SQM_")).toList());
    AppConfig config = AppConfig.from(env);
    URI db = URI.create(config.dbUrl().substring("jdbc:".length()));
    assertThat(published(services.path("postgres"))).contains(db.getPort());
    assertThat(db.getPath())
        .isEqualTo(
            "/" + services.path("postgres").path("environment").path("POSTGRES_DB").asText());
    assertThat(config.dbPassword())
        .isNotBlank()
        .isEqualTo(
            interpolate(
                services.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText(),
                env));
    JsonNode redis = services.path("redis");
    assertThat(published(redis)).contains(URI.create(config.redisUrl().orElseThrow()).getPort());
    List<String> redisCommand = new java.util.ArrayList<>();
    redis.path("command").forEach(arg -> redisCommand.add(interpolate(arg.asText(), env)));
    assertThat(redisCommand)
        .containsSequence("--requirepass", config.redisPassword().orElseThrow());
    assertThat(interpolate(redis.path("environment").path("REDISCLI_AUTH").asText(), env))
        .isEqualTo(config.redisPassword().orElseThrow());
    assertThat(published(services.path("localstack")))
        .contains(config.sqsEndpoint().orElseThrow().getPort());
    String queueName = config.queueUrl().substring(config.queueUrl().lastIndexOf('/') + 1);
    String init = Files.readString(ROOT.resolve("local/localstack-init/create-queues.sh"));
    assertThat(init).contains("--queue-name " + queueName + " ");
    assertThat(config.engine()).isEqualTo("offline");
  }

  @Test
  void shouldEncryptAndAskForTheToken_whenTemplateCreatesTheResultCache() throws IOException {
    JsonNode template = template();
    JsonNode resources = template.path("Resources");
    List<String> caches = TemplateFile.ofType(resources, "AWS::ElastiCache::ReplicationGroup");
    assertThat(caches).hasSize(1);
    JsonNode cache = resources.path(caches.get(0));
    // The cache's token is the secret its AuthToken resolves (the webhook key is another).
    List<String> secrets =
        TemplateFile.ofType(resources, "AWS::SecretsManager::Secret").stream()
            .filter(
                name ->
                    cache.path("Properties").path("AuthToken").asText().contains("${" + name + "}"))
            .toList();

    assertThat(secrets).hasSize(1);
    JsonNode secret = resources.path(secrets.get(0));
    String tokenReference = "{{resolve:secretsmanager:${" + secrets.get(0) + "}:SecretString}}";
    assertThat(cache.path("Properties").path("TransitEncryptionEnabled").asBoolean()).isTrue();
    assertThat(cache.path("Properties").path("AtRestEncryptionEnabled").asBoolean()).isTrue();
    assertThat(cache.path("Properties").path("AuthToken").asText()).isEqualTo(tokenReference);
    assertThat(
            secret.path("Properties").path("GenerateSecretString").path("PasswordLength").asInt())
        .isBetween(16, 128);
    // Created unless a Redis of one's own is given; then neither the cache nor its secret exists.
    assertThat(template.path("Conditions").path("CreateCache").toString())
        .isEqualTo("[\"RedisUrl\",\"\"]");
    assertThat(cache.path("Condition").asText()).isEqualTo("CreateCache");
    assertThat(secret.path("Condition").asText()).isEqualTo("CreateCache");
    assertThat(template.path("Parameters").path("RedisUrl").path("NoEcho").asBoolean()).isTrue();

    JsonNode env = template.path("Globals").path("Function").path("Environment").path("Variables");
    JsonNode url = env.path("SQM_REDIS_URL");
    JsonNode password = env.path("SQM_REDIS_PASSWORD");
    assertThat(url.get(0).asText()).isEqualTo("CreateCache");
    assertThat(url.get(2).asText()).isEqualTo("RedisUrl");
    // The functions get a reference to the secret (its ARN), never the token itself.
    assertThat(password.get(0).asText()).isEqualTo("CreateCache");
    assertThat(password.get(1).asText()).isEqualTo("secret:${" + secrets.get(0) + "}");
    assertThat(password.get(2).asText()).isEqualTo("AWS::NoValue");
    assertThat(env.toString()).doesNotContain("{{resolve:");
    String created =
        url.get(1)
            .asText()
            .replace("${" + caches.get(0) + ".PrimaryEndPoint.Address}", "cache.example.com")
            .replace("${" + caches.get(0) + ".PrimaryEndPoint.Port}", "6379");
    AppConfig config =
        AppConfig.from(
            Map.of(
                "SQM_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/none",
                "SQM_QUEUE_URL",
                "http://127.0.0.1:1/000000000000/none",
                "SQM_REDIS_URL",
                created,
                "SQM_REDIS_PASSWORD",
                password.get(1).asText().replace("${" + secrets.get(0) + "}", ARN)));
    List<String> read = new java.util.ArrayList<>();
    SecretStore store =
        name -> {
          read.add(name);
          return "token";
        };
    RedisEndpoint endpoint =
        RedisEndpoint.parse(
            config.redisUrl().orElseThrow(),
            SecretReference.resolve("SQM_REDIS_PASSWORD", config.redisPassword(), () -> store));
    assertThat(read).containsExactly(ARN);
    assertThat(endpoint.tls()).isTrue();
    assertThat(endpoint.hostAndPort().getHost()).isEqualTo("cache.example.com");
    assertThat(endpoint.password()).isEqualTo("token");
  }

  @Test
  void shouldPublishToTheBusTheTemplateCreates_whenWorkerOrSweeperFinishQueries()
      throws IOException {
    JsonNode template = template();
    JsonNode resources = template.path("Resources");
    List<String> buses = TemplateFile.ofType(resources, "AWS::Events::EventBus");
    List<String> secrets = TemplateFile.ofType(resources, "AWS::SecretsManager::Secret");

    assertThat(buses).hasSize(1);
    String bus = buses.get(0);
    String webhookSecret =
        secrets.stream().filter(name -> !name.equals("CacheAuthToken")).findFirst().orElseThrow();
    assertThat(resources.path(bus).path("Properties").path("Name").asText()).isNotBlank();
    Set<String> readByAppConfig = TemplateFile.settingsReadByAppConfig();
    for (String function : List.of("QueryWorkerFunction", "SweeperFunction")) {
      JsonNode props = resources.path(function).path("Properties");
      JsonNode env = props.path("Environment").path("Variables");
      assertThat(env.path("SQM_EVENT_BUS_NAME").asText()).as(function).isEqualTo(bus);
      // A reference the function reads with its role, never the key itself.
      assertThat(env.path("SQM_WEBHOOK_SECRET").asText())
          .as(function)
          .isEqualTo("secret:${" + webhookSecret + "}");
      assertThat(props.path("Policies").toString())
          .as(function + " may events:PutEvents on the bus and read the webhook key")
          .contains("{\"EventBridgePutEventsPolicy\":{\"EventBusName\":\"" + bus + "\"}}")
          .contains("\"WebhookSecretReader\"");
      List<String> names = new java.util.ArrayList<>();
      env.fieldNames().forEachRemaining(names::add);
      if (function.equals("SweeperFunction")) {
        assertThat(readByAppConfig).as("the sweeper reads what it is given").containsAll(names);
      }
    }
    JsonNode submit = resources.path("SubmitQueryFunction").path("Properties");
    List<String> submitEnv = new java.util.ArrayList<>();
    submit.path("Environment").path("Variables").fieldNames().forEachRemaining(submitEnv::add);
    assertThat(submitEnv).contains("SQM_WEBHOOK_SECRET");
    // Submit only needs to know webhooks can be signed: it never reads the key.
    assertThat(submit.path("Policies").toString()).doesNotContain("WebhookSecretReader");
    JsonNode reader =
        resources.path("WebhookSecretReader").path("Properties").path("PolicyDocument");
    assertThat(reader.path("Statement")).hasSize(1);
    assertThat(reader.path("Statement").get(0).path("Action").toString())
        .isEqualTo(TemplateFile.READ_SECRET_ACTIONS);
    assertThat(reader.path("Statement").get(0).path("Resource").asText()).isEqualTo(webhookSecret);
    assertThat(readByAppConfig).containsAll(submitEnv);
    assertThat(
            template
                .path("Globals")
                .path("Function")
                .path("Environment")
                .path("Variables")
                .path("SQM_WEBHOOK_ALLOWED_HOSTS")
                .asText())
        .isEqualTo("WebhookAllowedHosts");
    assertThat(template.path("Outputs").path("EventBusName").path("Value").asText()).isEqualTo(bus);
    AppConfig config =
        AppConfig.from(
            Map.of(
                "SQM_DB_URL", "jdbc:postgresql://127.0.0.1:1/none",
                "SQM_QUEUE_URL", "http://127.0.0.1:1/000000000000/none",
                "SQM_EVENT_BUS_NAME", "stack-events",
                "SQM_WEBHOOK_SECRET", "key"));
    assertThat(config.events().busName()).contains("stack-events");
    assertThat(config.events().webhookSecret()).contains("key");
  }

  @Test
  void shouldTakeQueryRequestedFromTheConfiguredSources_whenTemplateDeclaresEventIntake()
      throws IOException {
    JsonNode template = template();
    JsonNode function =
        template.path("Resources").path("QueryRequestedFunction").path("Properties");
    JsonNode rule =
        TemplateFile.eventsOfType(function, "EventBridgeRule").get(0).path("Properties");
    JsonNode variables = function.path("Environment").path("Variables");

    assertThat(function.path("Handler").asText())
        .isEqualTo(QueryRequestedEventHandler.class.getName() + "::handleRequest");
    assertThat(TemplateFile.handlerEventType(QueryRequestedEventHandler.class))
        .isEqualTo(ScheduledEvent.class);
    // The default bus: the completion events' bus is another's, and producers put on the default.
    assertThat(rule.has("EventBusName")).isFalse();
    assertThat(rule.path("Pattern").path("detail-type").toString())
        .isEqualTo("[\"" + IntakeService.QUERY_REQUESTED + "\"]");
    // The rule lets through exactly the sources the function accepts.
    assertThat(rule.path("Pattern").path("source").asText()).isEqualTo("IntakeEventSources");
    assertThat(variables.path(IntakeSettings.EVENT_SOURCES).toString())
        .isEqualTo("[\",\",\"IntakeEventSources\"]");
    assertThat(variables.path(IntakeSettings.GROUP_SOURCES).toString())
        .isEqualTo("[\",\",\"IntakeGroupSources\"]");
    Set<String> names = new HashSet<>();
    variables.fieldNames().forEachRemaining(names::add);
    assertThat(TemplateFile.settingsReadBy("QueryRequestedFunction")).containsAll(names);
    assertThat(template.path("Parameters").path("IntakeEventSources").path("Type").asText())
        .isEqualTo("CommaDelimitedList");
    // Thrown passing failures are retried by Lambda, then parked.
    assertThat(
            function
                .path("EventInvokeConfig")
                .path("DestinationConfig")
                .path("OnFailure")
                .path("Destination")
                .toString())
        .contains("IntakeDeadLetterQueue");
  }

  @Test
  void shouldReportBatchItemFailuresAndOutlastTheFunction_whenTemplateDeclaresTheIntakeQueue()
      throws IOException {
    JsonNode template = template();
    JsonNode resources = template.path("Resources");
    JsonNode function = resources.path("IntakeQueueFunction").path("Properties");
    JsonNode source = TemplateFile.eventsOfType(function, "SQS").get(0).path("Properties");
    JsonNode queue = resources.path("IntakeQueue").path("Properties");
    int timeout =
        function.has("Timeout")
            ? function.path("Timeout").asInt()
            : template.path("Globals").path("Function").path("Timeout").asInt();

    assertThat(function.path("Handler").asText())
        .isEqualTo(IntakeQueueHandler.class.getName() + "::handleRequest");
    assertThat(TemplateFile.handlerEventType(IntakeQueueHandler.class)).isEqualTo(SQSEvent.class);
    assertThat(source.path("Queue").toString()).contains("IntakeQueue.Arn");
    assertThat(source.path("FunctionResponseTypes").toString())
        .isEqualTo("[\"ReportBatchItemFailures\"]");
    assertThat(timeout).isPositive();
    assertThat(queue.path("VisibilityTimeout").asInt()).isGreaterThanOrEqualTo(6 * timeout);
    assertThat(queue.path("RedrivePolicy").path("deadLetterTargetArn").toString())
        .contains("IntakeDeadLetterQueue");
    assertThat(function.path("Policies").toString()).contains("QueryQueue");
    assertThat(template.path("Outputs").path("IntakeQueueUrl").path("Value").asText())
        .isEqualTo("IntakeQueue");
  }

  @Test
  void shouldLetEveryFunctionReadTheTokenAndNothingElse_whenTemplateCreatesTheResultCache()
      throws IOException {
    JsonNode resources = template().path("Resources");
    String secret = TemplateFile.ofType(resources, "AWS::SecretsManager::Secret").get(0);
    JsonNode reader = resources.path("CacheAuthTokenReader");
    JsonNode statements = reader.path("Properties").path("PolicyDocument").path("Statement");

    assertThat(reader.path("Type").asText()).isEqualTo("AWS::IAM::ManagedPolicy");
    assertThat(reader.path("Condition").asText()).isEqualTo("CreateCache");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).path("Effect").asText()).isEqualTo("Allow");
    assertThat(statements.get(0).path("Action").toString())
        .isEqualTo(TemplateFile.READ_SECRET_ACTIONS);
    assertThat(statements.get(0).path("Resource").asText()).isEqualTo(secret);
    // Globals give every function SQM_REDIS_URL, so every function that builds the core
    // components builds a Redis client; the migrate function builds only the database pool.
    for (Map.Entry<String, JsonNode> function : TemplateFile.functions().entrySet()) {
      String policies = function.getValue().path("Policies").toString();
      if (TemplateFile.BUILDS_NO_CORE_COMPONENTS.contains(function.getKey())) {
        assertThat(policies).doesNotContain("CacheAuthTokenReader");
      } else {
        assertThat(policies)
            .as(function.getKey())
            .contains("[\"CreateCache\",\"CacheAuthTokenReader\",\"AWS::NoValue\"]");
      }
    }
  }

  @Test
  void shouldDescribeTheTokenAsTheTemplatePassesIt_whenReadmeDocumentsDeploying()
      throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String deploying = readme.substring(readme.indexOf("## Deploying"));
    String cache =
        deploying.substring(0, deploying.indexOf("\n\n", deploying.indexOf("The result cache")));

    assertThat(cache)
        .contains("`SQM_REDIS_PASSWORD`", "`secret:<ARN>`", "`secretsmanager:GetSecretValue`")
        .doesNotContain("{{resolve:secretsmanager");
  }

  /** Docker compose's ${NAME}, ${NAME:?message} and ${NAME:-default}, from {@code env}. */
  private static String interpolate(String value, Map<String, String> env) {
    return java.util.regex.Pattern.compile("\\$\\{(\\w+)(:?[-?][^}]*)?}")
        .matcher(value)
        .replaceAll(
            m -> java.util.regex.Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
  }

  private static JsonNode template() throws IOException {
    return YAML.readTree(ROOT.resolve("template.yaml").toFile());
  }

  private static List<JsonNode> functions(JsonNode resources) {
    List<JsonNode> functions = new java.util.ArrayList<>();
    resources.forEach(
        r -> {
          if (r.path("Type").asText().equals("AWS::Serverless::Function")) {
            functions.add(r);
          }
        });
    return functions;
  }

  private static Map<String, String> envExample() throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return env;
  }

  private static Set<Integer> published(JsonNode service) {
    Set<Integer> ports = new HashSet<>();
    service.path("ports").forEach(p -> ports.add(Integer.parseInt(p.asText().split(":")[0])));
    return ports;
  }

  /** Checks nothing: the routes test only looks at which handler serves which route. */
  private static final class NoChecks implements DataSourceChecks {
    @Override
    public List<String> connect(DataSourceConfig dataSource) {
      return List.of();
    }

    @Override
    public void checkTemplateSql(DataSourceConfig dataSource, String sql) {}
  }
}
