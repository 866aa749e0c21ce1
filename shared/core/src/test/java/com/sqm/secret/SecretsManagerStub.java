package com.sqm.secret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.config.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local endpoint that speaks Secrets Manager's JSON protocol (AWS JSON 1.1, {@code X-Amz-Target:
 * secretsmanager.Operation}) for the two operations the caching client uses, DescribeSecret and
 * GetSecretValue, from a map. {@link #put} stores a new version, as PutSecretValue does: a new
 * VersionId labelled AWSCURRENT.
 */
public final class SecretsManagerStub implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Version> secrets = new ConcurrentHashMap<>();
  private final AtomicInteger versions = new AtomicInteger();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private record Version(String id, String value) {}

  public SecretsManagerStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Stores {@code value} as the new AWSCURRENT version of {@code name}. */
  public void put(String name, String value) {
    secrets.put(name, new Version("v" + versions.incrementAndGet(), value));
  }

  /** The operations asked so far, e.g. {@code GetSecretValue sqm/x}, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode request = Json.mapper().readTree(exchange.getRequestBody());
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      String id = request.path("SecretId").asText();
      calls.add(operation + " " + id);
      Version current = secrets.get(id);
      ObjectNode body = Json.mapper().createObjectNode();
      int status = 200;
      if (current == null) {
        status = 400;
        body.put("__type", "ResourceNotFoundException");
        body.put("message", "Secrets Manager can't find the specified secret.");
      } else if (operation.equals("DescribeSecret")) {
        body.put("ARN", arn(id)).put("Name", id);
        body.putObject("VersionIdsToStages").putArray(current.id()).add("AWSCURRENT");
      } else if (operation.equals("GetSecretValue")
          && request.path("VersionId").asText(current.id()).equals(current.id())) {
        body.put("ARN", arn(id)).put("Name", id).put("VersionId", current.id());
        body.put("SecretString", current.value());
        body.putArray("VersionStages").add("AWSCURRENT");
      } else {
        status = 400;
        body.put("__type", "ResourceNotFoundException");
        body.put("message", "no such version or operation: " + operation);
      }
      byte[] bytes = Json.mapper().writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static String arn(String id) {
    return id.startsWith("arn:")
        ? id
        : "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + id;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
