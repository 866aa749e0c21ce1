package com.sqm.local;

import com.sqm.secret.LocalSecretStore;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code sqm secret put NAME}: stores a credential (a JDBC URL with its password, or RDS JSON) in
 * the data directory's secret store, so a data source can name it as {@code secret:NAME}. The value
 * is read from stdin (without echo at a terminal) and never printed.
 */
final class SecretCommand {
  static final String USAGE = "secret put NAME [--data-dir .sqm]  (the value is read from stdin)";
  static final int MAX_VALUE_BYTES = 64 * 1024;

  private final InputStream in;
  private final PrintStream out;
  private final Path defaultDataDir;

  SecretCommand(InputStream in, PrintStream out, Path defaultDataDir) {
    this.in = in;
    this.out = out;
    this.defaultDataDir = defaultDataDir;
  }

  /** What {@code args} ask for: the secret's name and the data directory it goes to. */
  record Request(String name, Path dataDir) {}

  Request parse(List<String> args) throws UsageException {
    if (args.isEmpty() || !args.get(0).equals("put")) {
      throw new UsageException("secret has one sub-command: " + USAGE);
    }
    CliArgs cli =
        CliArgs.parse(args.subList(1, args.size()), Set.of("data-dir"), Set.of())
            .atMostPositionals(1);
    if (cli.positionals().isEmpty()) {
      throw new UsageException("secret put needs a name, e.g. ./sqm secret put shop-reader");
    }
    String name = cli.positionals().get(0);
    if (!LocalSecretStore.NAME.matcher(name).matches()) {
      throw new UsageException(
          "a secret name is 1 to 128 letters, digits and . _ -, starting with a letter or digit");
    }
    return new Request(name, cli.option("data-dir").map(Path::of).orElse(defaultDataDir));
  }

  int run(List<String> args) throws UsageException {
    Request request = parse(args);
    String value = readValue(request.name());
    if (value.isBlank()) {
      throw new UsageException("no value on stdin: pipe the secret in, e.g. from a file");
    }
    new LocalSecretStore(request.dataDir().resolve("secrets")).put(request.name(), value);
    out.println(
        "Stored secret '"
            + request.name()
            + "'. Name it in a data source as \"connectionRef\": \"secret:"
            + request.name()
            + "\".");
    return SqmCli.OK;
  }

  private String readValue(String name) throws UsageException {
    Console console = System.console();
    if (in == System.in && console != null) {
      char[] typed = console.readPassword("Value of secret '%s' (not shown): ", name);
      return typed == null ? "" : new String(typed).strip();
    }
    try {
      byte[] bytes = in.readNBytes(MAX_VALUE_BYTES + 1);
      if (bytes.length > MAX_VALUE_BYTES) {
        throw new UsageException("the value is larger than " + MAX_VALUE_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the secret from stdin", e);
    }
  }
}
