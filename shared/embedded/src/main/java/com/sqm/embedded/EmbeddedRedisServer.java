package com.sqm.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** A real redis-server child process bound to loopback. */
public final class EmbeddedRedisServer implements AutoCloseable {
  private final RedisServer server;
  private final int port;

  private EmbeddedRedisServer(RedisServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts on {@code port} (0 picks a free one); snapshots go to {@code dataDir} when given. */
  public static EmbeddedRedisServer start(Path dataDir, int port) {
    return start(dataDir, port, null);
  }

  /**
   * Starts like {@link #start(Path, int)}; with a {@code password}, every client must authenticate
   * with it first ({@code requirepass}), others are answered NOAUTH.
   */
  public static EmbeddedRedisServer start(Path dataDir, int port, String password) {
    int chosen = port == 0 ? FreePort.find() : port;
    try {
      var builder = RedisServer.newRedisServer().port(chosen).bind("127.0.0.1");
      if (password != null) {
        if (!password.matches("[A-Za-z0-9_-]+")) {
          throw new IllegalArgumentException("the Redis password must be base64url characters");
        }
        // The builder writes its settings to an owner-only temporary file, not to the command
        // line, where every user of the machine could read it.
        builder.setting("requirepass " + password);
      }
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        builder
            .setting("dir " + dataDir.toAbsolutePath())
            .setting("save 60 1")
            // Written even when not daemonized, so that a later start can stop a server this
            // process left running when it was killed.
            .setting("pidfile " + pidFile(dataDir).toAbsolutePath());
      } else {
        builder.setting("save \"\"").setting("appendonly no");
      }
      RedisServer server = builder.build();
      server.start();
      return new EmbeddedRedisServer(server, chosen);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis did not start", e);
    }
  }

  /**
   * Stops the redis-server a killed predecessor left running with {@code dataDir} (the pid in its
   * pid file, if that process is a redis-server) and removes the stale pid file; returns whether a
   * server was stopped. Only for a caller that owns the directory exclusively.
   */
  public static boolean stopLeftover(Path dataDir) {
    Path pidFile = pidFile(dataDir);
    var leftover = LeftoverProcess.find(pidFile, "redis-server");
    leftover.ifPresent(
        process -> LeftoverProcess.stop(process, "TERM", "the redis-server a previous run left"));
    LeftoverProcess.deleteIfExists(pidFile);
    return leftover.isPresent();
  }

  /** Where the server started with {@code dataDir} writes its pid while it runs. */
  public static Path pidFile(Path dataDir) {
    return dataDir.resolve("redis-server.pid");
  }

  public int port() {
    return port;
  }

  /** The URL clients connect to; it never carries the password. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
