package com.sqm.local.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider's JWKS endpoint on 127.0.0.1 for tests: publishes the public halves of the
 * keys it is given, counts how often it is fetched, and can be told to fail or be stopped.
 */
public final class JwksServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile int status = 200;

  private JwksServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code /jwks.json} on a free port. */
  public static JwksServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      JwksServer jwks = new JwksServer(server);
      server.createContext(
          "/jwks.json",
          exchange -> {
            jwks.fetches.incrementAndGet();
            byte[] bytes = jwks.body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(jwks.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          });
      server.start();
      return jwks;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes the public keys of {@code keys} (and only those) from now on. */
  public void publish(List<? extends JWK> keys) {
    body.set(new JWKSet(new ArrayList<JWK>(keys)).toPublicJWKSet().toString());
  }

  /** Answers every fetch with {@code httpStatus} (and the current key set as body). */
  public void answerWith(int httpStatus) {
    this.status = httpStatus;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
  }

  public int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
