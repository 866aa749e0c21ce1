package com.sqm.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.local.invoke.HandlerRunner;
import com.sqm.local.invoke.SamTemplate;
import com.sqm.local.runtime.DataDirectory;
import com.sqm.local.runtime.LocalPostgres;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeInfo;
import com.sqm.local.runtime.LocalStartupException;
import com.sqm.pipeline.CacheSigningKey;
import com.sqm.secret.SecretStores;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sqm invoke}: runs one function of {@code template.yaml} once, in a fresh JVM on its
 * module's Lambda jar, against the services of a running {@code ./sqm dev} — {@code sam local
 * invoke} without Docker.
 */
final class InvokeCommand {
  static final String USAGE =
      "invoke <LogicalId> -e <event.json> [--env-vars FILE] [--data-dir .sqm]"
          + " [--template template.yaml]";
  static final String BUILD_HINT = "build it first: ./mvnw -q package -DskipTests";
  private static final int DEFAULT_TIMEOUT_SECONDS = 30;

  /** The invoked function's own pool; the dev runtime keeps its own. */
  private static final int DATABASE_POOL_SIZE = 2;

  private final PrintStream out;
  private final PrintStream err;
  private final Path defaultDataDir;
  private final Map<String, String> environment;

  InvokeCommand(
      PrintStream out, PrintStream err, Path defaultDataDir, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.defaultDataDir = defaultDataDir;
    this.environment = environment;
  }

  int run(List<String> args) throws UsageException, InterruptedException {
    List<String> normalized = args.stream().map(a -> a.equals("-e") ? "--event" : a).toList();
    CliArgs cli =
        CliArgs.parse(normalized, Set.of("event", "env-vars", "data-dir", "template"), Set.of())
            .atMostPositionals(1);
    if (cli.positionals().isEmpty()) {
      throw new UsageException("invoke needs a function's logical id: ./sqm " + USAGE);
    }
    String logicalId = cli.positionals().get(0);
    Path event = Path.of(cli.required("event"));
    if (!Files.isRegularFile(event)) {
      throw new UsageException("event file " + event + " does not exist");
    }
    Path templateFile =
        cli.option("template")
            .map(Path::of)
            .orElse(defaultDataDir.toAbsolutePath().getParent().resolve("template.yaml"));
    if (!Files.isRegularFile(templateFile)) {
      throw new UsageException("no template " + templateFile + "; name one with --template");
    }
    Map<String, Map<String, String>> overrides = Map.of();
    if (cli.option("env-vars").isPresent()) {
      overrides = parseEnvVars(Path.of(cli.option("env-vars").get()));
    }
    SamTemplate.TemplateFunction function = SamTemplate.read(templateFile).function(logicalId);
    Path jar = lambdaJar(templateFile.toAbsolutePath().getParent(), function.codeUri());

    Path dataDir = cli.option("data-dir").map(Path::of).orElse(defaultDataDir);
    LocalRuntimeInfo running =
        LocalRuntimeInfo.requireRunning(dataDir, "the function uses its database and queues");
    Map<String, String> functionEnvironment =
        functionEnvironment(function, localWiring(running, dataDir), overrides);
    return invoke(function, jar, event, functionEnvironment);
  }

  /**
   * The function's environment: the template's literal values (Globals, then the function), the
   * running dev's wiring in place of everything CloudFormation would compute, then the {@code
   * --env-vars} file's {@code Parameters} and the function's own entry.
   */
  static Map<String, String> functionEnvironment(
      SamTemplate.TemplateFunction function,
      Map<String, String> wiring,
      Map<String, Map<String, String>> overrides) {
    Map<String, String> result = new LinkedHashMap<>();
    function
        .variables()
        .keySet()
        .forEach(n -> function.literal(n).ifPresent(v -> result.put(n, v)));
    result.putAll(wiring);
    result.putAll(overrides.getOrDefault("Parameters", Map.of()));
    result.putAll(overrides.getOrDefault(function.logicalId(), Map.of()));
    return result;
  }

  /**
   * SAM's {@code --env-vars} file: {@code {"LogicalId": {"VAR": "value"}, "Parameters": {...}}}.
   */
  static Map<String, Map<String, String>> parseEnvVars(Path file) throws UsageException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new UsageException("--env-vars " + file + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UsageException("--env-vars " + file + " cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new UsageException(
          "--env-vars " + file + " must be an object: {\"LogicalId\": {\"VAR\": \"value\"}}");
    }
    Map<String, Map<String, String>> result = new LinkedHashMap<>();
    var entries = root.fields();
    while (entries.hasNext()) {
      var entry = entries.next();
      if (!entry.getValue().isObject()) {
        throw new UsageException(
            "--env-vars " + file + ": '" + entry.getKey() + "' must map variables to values");
      }
      Map<String, String> variables = new LinkedHashMap<>();
      var values = entry.getValue().fields();
      while (values.hasNext()) {
        var value = values.next();
        if (!value.getValue().isValueNode() || value.getValue().isNull()) {
          throw new UsageException(
              "--env-vars "
                  + file
                  + ": "
                  + entry.getKey()
                  + "."
                  + value.getKey()
                  + " must be a string, number or boolean");
        }
        variables.put(value.getKey(), value.getValue().asText());
      }
      result.put(entry.getKey(), variables);
    }
    return result;
  }

  /** The module's Lambda jar named by {@code CodeUri}: the jar itself, or a module directory. */
  static Path lambdaJar(Path root, String codeUri) {
    Path code = root.resolve(codeUri).normalize();
    if (codeUri.endsWith(".jar")) {
      if (!Files.isRegularFile(code)) {
        throw new LocalStartupException(code + " is missing; " + BUILD_HINT);
      }
      return code;
    }
    Path target = code.resolve("target");
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*-lambda.jar")) {
        for (Path jar : jars) {
          return jar;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not list " + target, e);
      }
    }
    throw new LocalStartupException("no *-lambda.jar in " + target + "; " + BUILD_HINT);
  }

  /** What the running dev's functions get: its services, passwords and local secrets. */
  private Map<String, String> localWiring(LocalRuntimeInfo running, Path dataDir) {
    DataDirectory dir = DataDirectory.prepare(dataDir);
    Map<String, String> wiring =
        new LinkedHashMap<>(
            LocalRuntime.functionSettings(
                environment,
                new LocalRuntime.FunctionWiring(
                    running.databaseUrl(),
                    LocalPostgres.password(dir),
                    DATABASE_POOL_SIZE,
                    running.sqsEndpoint(),
                    running.queueUrl(),
                    running.redisUrl(),
                    SecretFile.read(dir.redisPassword()))));
    wiring.put("SQM_WEBHOOK_SECRET", SecretFile.read(dir.webhookSecret()));
    wiring.put(SecretStores.LOCAL_DIRECTORY_SETTING, dir.secrets().toString());
    wiring.put(CacheSigningKey.SETTING, SecretFile.read(dir.cacheSigningKey()));
    return wiring;
  }

  private int invoke(
      SamTemplate.TemplateFunction function,
      Path jar,
      Path event,
      Map<String, String> functionEnvironment)
      throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String logConfig = System.getProperty("log4j2.configurationFile");
    if (logConfig != null) {
      command.add("-Dlog4j2.configurationFile=" + logConfig);
    }
    command.add("-cp");
    // The module's jar first, so its classes and dependencies are the ones that run; the runner
    // and the Lambda serialization library come from ./sqm's own class path.
    command.add(jar + File.pathSeparator + System.getProperty("java.class.path"));
    command.add(HandlerRunner.class.getName());
    command.add(function.handlerClass());
    command.add(function.handlerMethod());
    command.add(event.toAbsolutePath().toString());
    command.add(function.logicalId());
    command.add(String.valueOf(function.timeoutSeconds().orElse(DEFAULT_TIMEOUT_SECONDS)));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(functionEnvironment);
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a JVM for " + function.logicalId(), e);
    }
    Thread logs = new Thread(() -> copy(child.getErrorStream(), err), "sqm-invoke-stderr");
    logs.start();
    String response;
    try (InputStream stdout = child.getInputStream()) {
      response = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the response of " + function.logicalId(), e);
    }
    int status = child.waitFor();
    logs.join();
    if (status != 0) {
      throw new LocalStartupException(
          function.logicalId()
              + " ("
              + function.handler()
              + ") failed with exit status "
              + status
              + "; see its output above");
    }
    out.print(response);
    out.flush();
    return SqmCli.OK;
  }

  private static void copy(InputStream from, PrintStream to) {
    try (from) {
      from.transferTo(to);
      to.flush();
    } catch (IOException e) {
      to.println("sqm invoke: the function's output was cut: " + e.getMessage());
    }
  }
}
