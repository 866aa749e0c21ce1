package com.sqm.local;

import com.sqm.config.IdentitySettings;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sqm token <user>}: prints a dev token the local runner accepts for that user, listing its
 * groups in the claim {@code SQM_GROUPS_CLAIM} names, the admin group ({@code SQM_ADMIN_GROUP})
 * among them with {@code --admin}.
 */
final class TokenCommand {
  static final String USAGE =
      "token <user> [--admin] [--group G]... [--data-dir .sqm] [--ttl-hours 12]";
  private static final int MAX_TTL_HOURS = 24 * 30;
  private static final int MAX_GROUPS = 50;

  private final PrintStream out;
  private final Path defaultDataDir;
  private final IdentitySettings identity;

  TokenCommand(PrintStream out, Path defaultDataDir, Map<String, String> environment) {
    this.out = out;
    this.defaultDataDir = defaultDataDir;
    this.identity = IdentitySettings.from(environment::get);
  }

  /**
   * What {@code args} ask for: whose token, in which groups, signed with the key of which data
   * directory, valid how long.
   */
  record Request(String userId, List<String> groups, Path dataDir, Duration ttl) {}

  Request parse(List<String> args) throws UsageException {
    CliArgs cli =
        CliArgs.parse(args, Set.of("data-dir", "ttl-hours", "group"), Set.of("admin"))
            .atMostPositionals(1);
    if (cli.positionals().isEmpty() || cli.positionals().get(0).isBlank()) {
      throw new UsageException("token needs a user id, e.g. ./sqm token alice");
    }
    String user = cli.positionals().get(0);
    if (!user.matches("[A-Za-z0-9._@+-]{1,128}")) {
      throw new UsageException(
          "user id may only contain letters, digits and . _ @ + - (at most 128)");
    }
    List<String> groups = new ArrayList<>();
    for (String group : cli.options("group")) {
      String problem = DevTokenIssuer.groupNameProblem(group);
      if (problem != null) {
        throw new UsageException("--group '" + group + "' is not a usable group name: " + problem);
      }
      if (!groups.contains(group)) {
        groups.add(group);
      }
    }
    if (cli.flag("admin") && !groups.contains(identity.adminGroup())) {
      groups.add(identity.adminGroup());
    }
    if (groups.size() > MAX_GROUPS) {
      throw new UsageException("at most " + MAX_GROUPS + " groups, got " + groups.size());
    }
    int hours =
        cli.intOption("ttl-hours", (int) DevTokenIssuer.DEFAULT_TTL.toHours(), 1, MAX_TTL_HOURS);
    return new Request(
        user,
        List.copyOf(groups),
        cli.option("data-dir").map(Path::of).orElse(defaultDataDir),
        Duration.ofHours(hours));
  }

  int run(List<String> args) throws UsageException {
    Request request = parse(args);
    DevSigningKey key = DevSigningKey.loadOrCreate(request.dataDir());
    DevTokenIssuer issuer;
    try {
      issuer = new DevTokenIssuer(key, Clock.systemUTC(), identity.groupsClaim());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          IdentitySettings.GROUPS_CLAIM_SETTING + ": " + e.getMessage() + " (see ./sqm help)");
    }
    out.println(issuer.issue(request.userId(), request.groups(), request.ttl()));
    return 0;
  }
}
