package com.sqm.local;

import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code sqm token <user>}: prints a dev token the local runner accepts for that user. */
final class TokenCommand {
  static final String USAGE = "token <user> [--data-dir .sqm] [--ttl-hours 12]";
  private static final int MAX_TTL_HOURS = 24 * 30;

  private final PrintStream out;
  private final Path defaultDataDir;

  TokenCommand(PrintStream out, Path defaultDataDir) {
    this.out = out;
    this.defaultDataDir = defaultDataDir;
  }

  /**
   * What {@code args} ask for: whose token, signed with the key of which data directory, valid how
   * long.
   */
  record Request(String userId, Path dataDir, Duration ttl) {}

  Request parse(List<String> args) throws UsageException {
    CliArgs cli =
        CliArgs.parse(args, Set.of("data-dir", "ttl-hours"), Set.of()).atMostPositionals(1);
    if (cli.positionals().isEmpty() || cli.positionals().get(0).isBlank()) {
      throw new UsageException("token needs a user id, e.g. ./sqm token alice");
    }
    String user = cli.positionals().get(0);
    if (!user.matches("[A-Za-z0-9._@+-]{1,128}")) {
      throw new UsageException(
          "user id may only contain letters, digits and . _ @ + - (at most 128)");
    }
    int hours =
        cli.intOption("ttl-hours", (int) DevTokenIssuer.DEFAULT_TTL.toHours(), 1, MAX_TTL_HOURS);
    return new Request(
        user, cli.option("data-dir").map(Path::of).orElse(defaultDataDir), Duration.ofHours(hours));
  }

  int run(List<String> args) throws UsageException {
    Request request = parse(args);
    DevSigningKey key = DevSigningKey.loadOrCreate(request.dataDir());
    out.println(new DevTokenIssuer(key, Clock.systemUTC()).issue(request.userId(), request.ttl()));
    return 0;
  }
}
