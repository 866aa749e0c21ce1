package com.sqm.local;

import com.sqm.local.auth.IdentityProviderSettings;
import com.sqm.local.gateway.CorsPolicy;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.local.runtime.LocalWorkerSettings;
import java.io.PrintStream;
import java.nio.file.Path;
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
          + " [--jwks-url URL --issuer ISS --audience AUD] [--cors-origin ORIGIN ...]";

  private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  private final PrintStream out;
  private final Path defaultDataDir;
  private final Map<String, String> environment;

  DevCommand(PrintStream out, Path defaultDataDir, Map<String, String> environment) {
    this.out = out;
    this.defaultDataDir = defaultDataDir;
    this.environment = environment;
  }

  /** The runtime options {@code args} ask for. */
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
                    "cors-origin"),
                Set.of())
            .atMostPositionals(0);
    Path dataDir = cli.option("data-dir").map(Path::of).orElse(defaultDataDir);
    // 0 picks a free port; runtime.json in the data directory tells which.
    int port = cli.intOption("port", LocalRuntimeOptions.DEFAULT_HTTP_PORT, 0, 65_535);
    int sqsPort = cli.intOption("sqs-port", 0, 0, 65_535);
    Map<String, String> settings = new HashMap<>(environment);
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
    return new LocalRuntimeOptions(dataDir, port, sqsPort, 0, 0, settings);
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
    out.println(banner(runtime, tokenLine));
    out.flush();
    stopped.await();
    return 0;
  }

  static String banner(LocalRuntime runtime, String tokenLine) {
    String url = runtime.baseUri().toString();
    return String.join(
        System.lineSeparator(),
        "",
        "Smart Query Manager is running at "
            + url
            + "  (data in "
            + runtime.dataDirectory().root()
            + ")",
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
        "SQL against the demo data (read-only role; the port changes on every start):",
        "  echo 'SELECT count(*) FROM customers' | ./sqm run-sql --jdbc-url '"
            + runtime.demoJdbcUrl()
            + "'",
        "",
        "The local Postgres and Redis ask for passwords (kept owner-only in the data directory):",
        "  PGPASSWORD=\"$(cat "
            + runtime.dataDirectory().postgresPassword()
            + ")\" psql -h 127.0.0.1 -p "
            + runtime.postgresPort()
            + " -U postgres sqm",
        "  REDISCLI_AUTH=\"$(cat "
            + runtime.dataDirectory().redisPassword()
            + ")\" redis-cli -p "
            + runtime.redisPort(),
        "",
        "Your own database: ./sqm datasource add --id ID --jdbc-url URL (works while this runs).",
        "",
        "Press Ctrl-C to stop.");
  }
}
