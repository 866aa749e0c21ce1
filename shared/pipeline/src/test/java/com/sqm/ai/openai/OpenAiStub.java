package com.sqm.ai.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.config.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local HTTP server speaking the OpenAI chat-completions wire format, scripted per test: a queue
 * of responses (status, headers such as {@code Retry-After}, body, optional delay), and a record of
 * every request so tests can assert on prompts. Binds 127.0.0.1 on a free port; nothing reaches the
 * network. A request with nothing scripted gets a 418 that no client retries.
 */
public final class OpenAiStub implements AutoCloseable {

  /** One scripted answer. */
  public record Scripted(int status, Map<String, String> headers, String body, Duration delay) {
    public Scripted after(Duration wait) {
      return new Scripted(status, headers, body, wait);
    }
  }

  /** One request as received: when, path, and the JSON body. */
  public record Received(Instant at, String path, JsonNode body) {
    /** The {@code content} of every message, in order. */
    public List<String> messages() {
      List<String> out = new ArrayList<>();
      body.path("messages").forEach(m -> out.add(m.path("content").asText()));
      return out;
    }

    /** The {@code role} of every message, in order. */
    public List<String> roles() {
      List<String> out = new ArrayList<>();
      body.path("messages").forEach(m -> out.add(m.path("role").asText()));
      return out;
    }

    /** The content of the last user message. */
    public String lastUserMessage() {
      String last = null;
      for (JsonNode m : body.path("messages")) {
        if ("user".equals(m.path("role").asText())) {
          last = m.path("content").asText();
        }
      }
      return last;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  private OpenAiStub(HttpServer server) {
    this.server = server;
  }

  /** A started stub on a free port of 127.0.0.1. */
  public static OpenAiStub start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      OpenAiStub stub = new OpenAiStub(server);
      server.createContext("/", stub::handle);
      server.setExecutor(stub.executor);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL to give the client: {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Queues answers, answered in order, one per request. */
  public OpenAiStub enqueue(Scripted... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** Every request received so far, oldest first. */
  public List<Received> requests() {
    return List.copyOf(received);
  }

  /** A 200 chat completion whose message content is {@code content}. */
  public static Scripted reply(String content, long promptTokens, long completionTokens) {
    return ok(completion(content, null, "stop", promptTokens, completionTokens));
  }

  /** A 200 chat completion whose content is {@code json} serialised. */
  public static Scripted reply(JsonNode json, long promptTokens, long completionTokens) {
    return reply(json.toString(), promptTokens, completionTokens);
  }

  /**
   * A complete, valid draft answer (analysis and {@code sql}) as the model sends it; tests change
   * fields of it to script other answers.
   */
  public static ObjectNode draftJson(String sql) {
    ObjectNode d = Json.mapper().createObjectNode();
    d.put("answerable", true);
    d.putNull("reasonIfNot");
    d.put("queryType", "GROUPED_AGGREGATE");
    d.put("intent", "Number of orders per customer country");
    d.putArray("tables").add("public.orders").add("public.customers");
    d.putArray("measures").add("count(*)");
    d.putArray("dimensions").add("customers.country");
    d.putArray("filters").add("status = 'paid'");
    d.put("timeRange", "2025");
    d.putNull("limit");
    d.putArray("assumptions").add("paid orders only");
    d.put("confidence", 0.8);
    d.put("sql", sql);
    return d;
  }

  /** A 200 chat completion whose draft answers with {@code sql} (100 prompt, 20 completion). */
  public static Scripted draft(String sql) {
    return reply(draftJson(sql), 100, 20);
  }

  /** A 200 chat completion whose draft says the question cannot be answered, and why. */
  public static Scripted notAnswerable(String reason) {
    ObjectNode d = draftJson(null);
    d.put("answerable", false);
    d.put("reasonIfNot", reason);
    return reply(d, 100, 20);
  }

  /** A 200 chat completion with an interpretation: a summary, no key figures, a table chart. */
  public static Scripted interpretation(String summary) {
    ObjectNode i = Json.mapper().createObjectNode();
    i.put("summary", summary);
    i.putArray("keyFigures");
    ObjectNode chart = i.putObject("chart");
    chart.put("type", "TABLE");
    chart.putNull("x");
    chart.putNull("y");
    chart.putNull("color");
    chart.putNull("title");
    return reply(i, 100, 20);
  }

  /** A 200 chat completion in which the model refuses. */
  public static Scripted refusal(String refusal) {
    return ok(completion(null, refusal, "stop", 20, 5));
  }

  /** A 200 chat completion with a chosen finish reason ("length", "content_filter"). */
  public static Scripted finished(String content, String finishReason) {
    return ok(completion(content, null, finishReason, 20, 5));
  }

  /** An error answer in the OpenAI error format, with optional headers such as Retry-After. */
  public static Scripted error(int status, Map<String, String> headers) {
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", "stub error " + status);
    error.put("type", status == 429 ? "rate_limit_exceeded" : "server_error");
    return new Scripted(status, headers, body.toString(), Duration.ZERO);
  }

  /** A 200 with any body, e.g. one that is not a chat completion at all. */
  public static Scripted ok(String body) {
    return new Scripted(200, Map.of(), body, Duration.ZERO);
  }

  /** A chat-completion response body as the OpenAI API sends it. */
  public static String completion(
      String content,
      String refusal,
      String finishReason,
      long promptTokens,
      long completionTokens) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("id", "chatcmpl-stub");
    root.put("object", "chat.completion");
    root.put("created", 1_700_000_000L);
    root.put("model", "stub-model");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.put("refusal", refusal);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return root.toString();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] request = exchange.getRequestBody().readAllBytes();
      received.add(new Received(Instant.now(), exchange.getRequestURI().getPath(), parse(request)));
      Scripted answer = script.poll();
      if (answer == null) {
        answer =
            new Scripted(418, Map.of(), "{\"error\":{\"message\":\"nothing scripted\"}}", null);
      }
      if (answer.delay() != null && !answer.delay().isZero()) {
        // Waits like a slow server, but ends at once when the stub closes.
        if (closed.await(answer.delay().toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (its timeout) while the stub was still answering: that is the test.
    } finally {
      exchange.close();
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      return Json.mapper().getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
