package com.sqm.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.Json;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.load.LoadApi;
import com.sqm.local.load.LoadReport;
import com.sqm.local.load.LoadReportText;
import com.sqm.local.load.LoadRunner;
import com.sqm.local.load.LoadSettings;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code sqm load}: submits N questions to a running API with C submitters at a time, as dev-token
 * users of that API's data directory, waits for the answers and prints what happened.
 */
final class LoadCommand {
  static final String USAGE =
      "load --queries N --concurrency C [--url http://127.0.0.1:3000] [--data-dir .sqm]"
          + " [--timeout 300] [--cache] [--json]";
  static final String DEFAULT_URL = "http://127.0.0.1:3000";
  private static final int DEFAULT_TIMEOUT_SECONDS = 300;
  private static final int MAX_QUERIES = 1_000_000;
  private static final int MAX_CONCURRENCY = 1_000;

  private final PrintStream out;
  private final Path defaultDataDir;

  LoadCommand(PrintStream out, Path defaultDataDir) {
    this.out = out;
    this.defaultDataDir = defaultDataDir;
  }

  /** What {@code args} ask for: the run, whose dev key signs the tokens, and the output format. */
  record Request(LoadSettings settings, Path dataDir, boolean json) {}

  Request parse(List<String> args) throws UsageException {
    CliArgs cli =
        CliArgs.parse(
                args,
                Set.of("queries", "concurrency", "url", "data-dir", "timeout"),
                Set.of("cache", "json"))
            .atMostPositionals(0);
    cli.required("queries");
    cli.required("concurrency");
    int queries = cli.intOption("queries", 0, 1, MAX_QUERIES);
    int concurrency = cli.intOption("concurrency", 0, 1, MAX_CONCURRENCY);
    int timeout = cli.intOption("timeout", DEFAULT_TIMEOUT_SECONDS, 1, 24 * 3600);
    URI url = baseUri(cli.option("url").orElse(DEFAULT_URL));
    Path dataDir = cli.option("data-dir").map(Path::of).orElse(defaultDataDir);
    if (!Files.isRegularFile(dataDir.resolve(DevSigningKey.FILE_NAME))) {
      throw new UsageException(
          dataDir
              + " holds no "
              + DevSigningKey.FILE_NAME
              + ": --data-dir must be the data directory of the running ./sqm dev");
    }
    return new Request(
        new LoadSettings(url, queries, concurrency, Duration.ofSeconds(timeout), cli.flag("cache")),
        dataDir,
        cli.flag("json"));
  }

  int run(List<String> args) throws UsageException, InterruptedException {
    Request request = parse(args);
    DevTokenIssuer issuer =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(request.dataDir()), Clock.systemUTC());
    // Valid for the whole run however long the timeout, plus a margin.
    Duration ttl = request.settings().timeout().plusHours(1);
    LoadReport report =
        new LoadRunner(new LoadApi(request.settings().baseUri()))
            .run(request.settings(), user -> issuer.issue(user, ttl));
    out.print(
        request.json() ? json(report) + System.lineSeparator() : LoadReportText.format(report));
    out.flush();
    return report.exitCode();
  }

  private static URI baseUri(String value) throws UsageException {
    String trimmed = value.strip().replaceAll("/+$", "");
    try {
      URI uri = new URI(trimmed);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new UsageException("--url must be an http(s) URL such as " + DEFAULT_URL);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("--url is not a URL: '" + value + "'");
    }
  }

  private static String json(LoadReport report) {
    try {
      return Json.mapper().writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
