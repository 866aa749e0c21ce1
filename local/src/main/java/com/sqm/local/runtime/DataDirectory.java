package com.sqm.local.runtime;

import com.sqm.local.auth.DevSigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of the local runner's data directory ({@code .sqm} by default); it survives restarts.
 */
public record DataDirectory(Path root) {

  /** Creates the directory if needed. */
  public static DataDirectory prepare(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the data directory " + root, e);
    }
    return new DataDirectory(root.toAbsolutePath().normalize());
  }

  /**
   * The Postgres cluster: the query store ({@code sqm}) and the demo data source ({@code
   * demo_shop}).
   */
  public Path postgres() {
    return root.resolve("postgres");
  }

  /** Redis snapshots of the result cache. */
  public Path redis() {
    return root.resolve("redis");
  }

  /** The HS256 key dev tokens are signed with. */
  public Path signingKey() {
    return root.resolve(DevSigningKey.FILE_NAME);
  }

  /** The key cached answers are signed with (owner-only, like the other secrets here). */
  public Path cacheSigningKey() {
    return root.resolve("cache-signing.key");
  }

  /**
   * The local secret store ({@code ./sqm secret put}): one owner-only file per secret, named by
   * data sources as {@code secret:NAME}.
   */
  public Path secrets() {
    return root.resolve("secrets");
  }

  /** The password of the Postgres superuser {@code postgres} (owner-only). */
  public Path postgresPassword() {
    return root.resolve("postgres.password");
  }

  /** The password Redis asks every client for ({@code requirepass}; owner-only). */
  public Path redisPassword() {
    return root.resolve("redis.password");
  }

  /** Completion events, one JSON object a line in EventBridge's event shape. */
  public Path events() {
    return root.resolve("events.jsonl");
  }

  /** The secret webhooks are signed with ({@code SQM_WEBHOOK_SECRET}; owner-only). */
  public Path webhookSecret() {
    return root.resolve("webhook.secret");
  }

  /** The password of the demo data source's read-only role. */
  public Path demoReaderPassword() {
    return root.resolve("demo-reader.password");
  }
}
