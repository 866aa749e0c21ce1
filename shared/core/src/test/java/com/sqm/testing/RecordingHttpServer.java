package com.sqm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 that records every request and answers scripted responses in order
 * (the last one again once the script runs out): a stand-in for a webhook receiver or an AWS
 * endpoint.
 */
public final class RecordingHttpServer implements AutoCloseable {

  /** One request as received; header names in lower case. */
  public record Received(String method, String path, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** A response to send. */
  public record Response(int status, String contentType, String body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Response last = new Response(200, "text/plain", "ok");

  private RecordingHttpServer(HttpServer server) {
    this.server = server;
  }

  public static RecordingHttpServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      RecordingHttpServer recording = new RecordingHttpServer(server);
      server.createContext("/", recording::handle);
      server.start();
      return recording;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers these next, in order; the last of them stays the answer afterwards. */
  public RecordingHttpServer answer(Response... responses) {
    script.addAll(List.of(responses));
    return this;
  }

  public static Response status(int status) {
    return new Response(status, "text/plain", "status " + status);
  }

  public static Response json(int status, String body) {
    return new Response(status, "application/x-amz-json-1.1", body);
  }

  /** {@code http://127.0.0.1:PORT} */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> requests() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new java.util.HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
      received.add(
          new Received(
              exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
      Response next = script.poll();
      Response response = next == null ? last : next;
      last = response;
      byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.sendResponseHeaders(response.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
