package com.sqm.local;

import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.auth.IdentityProviderSettings;
import com.sqm.local.gateway.CorsPolicy;
import com.sqm.local.runtime.ExternalServices;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.local.runtime.LocalWorkerSettings;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/** {@code sqm dev}: runs the whole service locally until Ctrl-C. */
final class DevCommand {
  static final String USAGE =
      "dev [--port 3000] [--data-dir .sqm] [--sqs-port N] [--worker-concurrency 4]"
          + " [--jwks-url URL --issuer ISS --audience AUD] [--cors-origin ORIGIN ...]"
          + " [--external [--env-file .env]]";

  /** Whose dev token the printed playground link carries (the README's examples use alice). */
  static final String PLAYGROUND_USER = "alice";

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  private final PrintStream out;
  private final Path defaultDataDir;
  private final Map<String, String> environment;

  DevCommand(PrintStream out, Path defaultDataDir, Map<String, String> environment) {
    this.out = out;
    this.defaultDataDir = defaultDataDir;
    this.environment = environment;
  }

  /**
   * The runtime options {@code args} ask for.
   *
   * @throws com.sqm.local.runtime.LocalStartupException when {@code --external} misses a variable
   *     or the {@code --env-file} cannot be read
   */
  LocalRuntimeOptions options(List<String> args) throws UsageException {
    CliArgs cli =
        CliArgs.parse(
                args,
                Set.of(
                    "port",
                    "data-dir",
                    "sqs-port",
                    "worker-concurrency",
                    "jwks-url",
                    "issuer",
                    "audience",
                    "cors-origin",
                    "env-file"),
                Set.of("external"))
            .atMostPositionals(0);
    Path dataDir = cli.option("data-dir").map(Path::of).orElse(defaultDataDir);
    // 0 picks a free port; runtime.json in the data directory tells which.
    int port = cli.intOption("port", LocalRuntimeOptions.DEFAULT_HTTP_PORT, 0, 65_535);
    int sqsPort = cli.intOption("sqs-port", 0, 0, 65_535);
    Map<String, String> settings = new HashMap<>();
    if (cli.option("env-file").isPresent()) {
      if (!cli.flag("external")) {
        throw new UsageException("--env-file goes with --external");
      }
      settings.putAll(ExternalServices.readEnvFile(Path.of(cli.required("env-file"))));
    }
    // The environment wins over the file, as with docker compose.
    settings.putAll(environment);
    if (cli.option("worker-concurrency").isPresent()) {
      int concurrency =
          cli.intOption(
              "worker-concurrency",
              LocalWorkerSettings.DEFAULT_CONCURRENCY,
              1,
              LocalWorkerSettings.MAX_CONCURRENCY);
      settings.put(LocalWorkerSettings.CONCURRENCY, String.valueOf(concurrency));
    }
    identityProvider(cli).ifPresent(provider -> putIdentityProvider(settings, provider));
    List<String> corsOrigins = corsOrigins(cli);
    if (!corsOrigins.isEmpty()) {
      settings.put(CorsPolicy.ORIGINS, String.join(",", corsOrigins));
    }
    // Names the first missing variable (LocalStartupException) before anything starts.
    ExternalServices external = cli.flag("external") ? ExternalServices.from(settings) : null;
    return new LocalRuntimeOptions(dataDir, port, sqsPort, 0, 0, settings, external);
  }

  /** A real identity provider's JWKS instead of the dev key, when {@code --jwks-url} is given. */
  private static Optional<IdentityProviderSettings> identityProvider(CliArgs cli)
      throws UsageException {
    if (cli.option("jwks-url").isEmpty()) {
      if (cli.option("issuer").isPresent() || cli.option("audience").isPresent()) {
        throw new UsageException("--issuer and --audience go with --jwks-url");
      }
      return Optional.empty();
    }
    try {
      return Optional.of(
          IdentityProviderSettings.of(
              cli.required("jwks-url"), cli.required("issuer"), cli.required("audience")));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--jwks-url: " + e.getMessage());
    }
  }

  /** {@code --cors-origin}, repeatable: {@code scheme://host[:port]} as a browser sends it. */
  private static List<String> corsOrigins(CliArgs cli) throws UsageException {
    List<String> origins = cli.options("cors-origin");
    for (String origin : origins) {
      if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
        throw new UsageException(
            "--cors-origin must be an origin such as https://app.example or http://localhost:5173"
                + " (scheme, host and port only), or *: "
                + origin);
      }
    }
    return origins;
  }

  private static void putIdentityProvider(
      Map<String, String> settings, IdentityProviderSettings provider) {
    settings.put(IdentityProviderSettings.JWKS_URL, provider.jwksUrl().toString());
    settings.put(IdentityProviderSettings.ISSUER, provider.issuer());
    settings.put(IdentityProviderSettings.AUDIENCE, provider.audience());
  }

  /** Starts the runtime and blocks until the JVM is asked to stop (SIGINT/SIGTERM). */
  int run(List<String> args) throws UsageException, InterruptedException {
    LocalRuntimeOptions options = options(args);
    if (options.externalServices().isPresent()) {
      // The SDK's clients (Secrets Manager for secret:NAME settings) read these from the process,
      // not from the --env-file; what the JVM was given wins.
      ExternalServices.awsSdkProperties(options.environment())
          .forEach(
              (property, value) -> {
                if (System.getProperty(property) == null) {
                  System.setProperty(property, value);
                }
              });
    }
    LocalRuntime runtime = LocalRuntime.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  stopped.countDown();
                },
                "sqm-shutdown"));
    String tokenLine =
        options.environment().containsKey(IdentityProviderSettings.JWKS_URL)
            ? "TOKEN='<an access token of "
                + options.environment().get(IdentityProviderSettings.ISSUER)
                + " for "
                + options.environment().get(IdentityProviderSettings.AUDIENCE)
                + ">'"
            : options.dataDir().equals(defaultDataDir)
                ? "TOKEN=$(./sqm token alice)"
                : "TOKEN=$(./sqm token alice --data-dir " + options.dataDir() + ")";
    out.println(banner(runtime, tokenLine, playgroundLine(runtime.baseUri(), options)));
    out.flush();
    stopped.await();
    return 0;
  }

  private static String servicesLines(LocalRuntime runtime) {
    List<String> lines = new ArrayList<>();
    if (runtime.demoJdbcUrl() != null) {
      lines.add(
          runtime.external()
              ? "SQL against the demo data (read-only role):"
              : "SQL against the demo data (read-only role; the port changes on every start):");
      lines.add(
          "  echo 'SELECT count(*) FROM customers' | ./sqm run-sql --jdbc-url \"$(cat "
              + runtime.demoSecretFile()
              + ")\"");
      lines.add("");
    }
    if (runtime.external()) {
      lines.add("Using the external Postgres, Redis and SQS of SQM_DB_URL, SQM_REDIS_URL and");
      lines.add("SQM_SQS_ENDPOINT/SQM_QUEUE_URL (e.g. docker compose's); none was started.");
    } else {
      lines.add(
          "The local Postgres and Redis ask for passwords (kept owner-only in the data directory):");
      lines.add(
          "  PGPASSWORD=\"$(cat "
              + runtime.dataDirectory().postgresPassword()
              + ")\" psql -h 127.0.0.1 -p "
              + runtime.postgresPort()
              + " -U postgres sqm");
      lines.add(
          "  REDISCLI_AUTH=\"$(cat "
              + runtime.dataDirectory().redisPassword()
              + ")\" redis-cli -p "
              + runtime.redisPort());
    }
    lines.add("");
    return String.join(System.lineSeparator(), lines);
  }

  /**
   * Where to open the playground. With the dev key, a link that carries a dev token of {@link
   * #PLAYGROUND_USER} in its fragment, as Jupyter prints its link: browsers do not send the
   * fragment, so the token reaches no server log, and the page moves it out of the address bar.
   * With an identity provider, the page alone (paste one of its tokens).
   */
  static String playgroundLine(URI baseUri, LocalRuntimeOptions options) {
    String page = baseUri + "/";
    if (options.environment().containsKey(IdentityProviderSettings.JWKS_URL)) {
      return page + "   (paste an access token of your identity provider)";
    }
    DevTokenIssuer issuer =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(options.dataDir()), Clock.systemUTC());
    return page
        + "#token="
        + issuer.issue(PLAYGROUND_USER, DevTokenIssuer.DEFAULT_TTL)
        + "   (signed in as "
        + PLAYGROUND_USER
        + " for "
        + DevTokenIssuer.DEFAULT_TTL.toHours()
        + " hours)";
  }

  static String banner(LocalRuntime runtime, String tokenLine) {
    return banner(runtime, tokenLine, runtime.baseUri() + "/");
  }

  static String banner(LocalRuntime runtime, String tokenLine, String playgroundLine) {
    String url = runtime.baseUri().toString();
    return String.join(
        System.lineSeparator(),
        "",
        "Smart Query Manager is running at "
            + url
            + "  (data in "
            + runtime.dataDirectory().root()
            + ")",
        "",
        "Playground: " + playgroundLine,
        "",
        "Answers by: "
            + runtime.engine()
            + (runtime.engine().startsWith("offline")
                ? "  (set OPENAI_API_KEY, and OPENAI_BASE_URL for another server, to use a model)"
                : ""),
        "  POST " + url + "/queries",
        "  GET  " + url + "/queries/{id}",
        "  POST " + url + "/queries/{id}/feedback",
        "  GET  " + url + "/users/{userId}/queries",
        "  GET  " + url + "/health   (no token needed)",
        "  GET  " + url + "/openapi.json   (the API's OpenAPI document; no token needed)",
        "",
        "Try it:",
        "  " + tokenLine,
        "  curl -s -X POST " + url + "/queries -H \"Authorization: Bearer $TOKEN\" \\",
        "       -H 'content-type: application/json' -d '{\"question\":\"How many customers are there?\"}'",
        "  curl -s " + url + "/queries/<id> -H \"Authorization: Bearer $TOKEN\"",
        "",
        servicesLines(runtime),
        "Your own database: ./sqm datasource add --id ID --jdbc-url URL (works while this runs).",
        "",
        "Press Ctrl-C to stop.");
  }
}
