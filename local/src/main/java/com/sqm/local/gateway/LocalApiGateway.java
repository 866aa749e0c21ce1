package com.sqm.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.local.LocalLambdaContext;
import com.sqm.local.auth.JwtAuthorizer;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays API Gateway (HTTP API) on a loopback port: matches the route, runs the JWT authorizer,
 * turns the request into the payload v2.0 event, invokes the same handler class that is deployed
 * and writes back its response.
 */
public final class LocalApiGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalApiGateway.class);

  /** API Gateway's own integration timeout for HTTP APIs. */
  private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Requests served at once. API Gateway runs a function instance per concurrent request; a submit
   * spends most of its time waiting on the database and the queue, so a handful of threads caps the
   * local API at a handful of submits per round trip (4 threads: about 75 a second).
   */
  private static final int THREADS = 32;

  /**
   * The JDK server's own header limit (384 KB by default): past it, it drops the connection before
   * any handler runs. Raised so that headers up to 2 MB reach the gateway and get its JSON 431.
   */
  private static final String JDK_MAX_HEADER_SIZE = "sun.net.httpserver.maxReqHeaderSize";

  private static final int JDK_HEADER_BYTES = 2 * 1024 * 1024;

  static {
    disableNagle();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final RouteTable routes;
  private final JwtAuthorizer authorizer;
  private final ApiGatewayEventFactory events;

  private LocalApiGateway(
      HttpServer server,
      ExecutorService executor,
      RouteTable routes,
      JwtAuthorizer authorizer,
      ApiGatewayEventFactory events) {
    this.server = server;
    this.executor = executor;
    this.routes = routes;
    this.authorizer = authorizer;
    this.events = events;
  }

  /**
   * Turns Nagle's algorithm off for the JDK HTTP server: with it on, each response on a reused
   * connection waits ~40 ms for the client's delayed ACK. Also raises the JDK's header limit (see
   * {@link #JDK_MAX_HEADER_SIZE}). The server reads these properties once, when its configuration
   * class loads, so this must run before the first server is created.
   */
  public static void disableNagle() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    if (System.getProperty(JDK_MAX_HEADER_SIZE) == null) {
      System.setProperty(JDK_MAX_HEADER_SIZE, Integer.toString(JDK_HEADER_BYTES));
    }
  }

  /** Binds 127.0.0.1:{@code port} (0 picks a free port) and starts serving. */
  public static LocalApiGateway start(
      int port, RouteTable routes, JwtAuthorizer authorizer, ApiGatewayEventFactory events)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            THREADS,
            runnable -> {
              Thread thread = new Thread(runnable, "http-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    LocalApiGateway gateway = new LocalApiGateway(server, executor, routes, authorizer, events);
    server.createContext("/", gateway::serve);
    server.setExecutor(executor);
    server.start();
    return gateway;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void serve(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    try (exchange) {
      IncomingRequest request = read(exchange, new byte[0]);
      APIGatewayV2HTTPResponse response;
      if (RequestLimits.headerBytes(exchange.getRequestHeaders())
          > RequestLimits.MAX_HEADER_BYTES) {
        response =
            GatewayResponses.error(
                431,
                "REQUEST_HEADER_FIELDS_TOO_LARGE",
                "Request headers are limited to " + RequestLimits.MAX_HEADER_BYTES + " bytes.",
                Map.of("connection", "close"));
      } else if (RequestLimits.announcesTooLargeBody(exchange.getRequestHeaders())) {
        response = payloadTooLarge();
      } else {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = RequestLimits.readBody(in);
        }
        if (body == null) {
          response = payloadTooLarge();
        } else {
          request = read(exchange, body);
          response = dispatch(request);
        }
      }
      write(exchange, response);
      log.info(
          "{} {} -> {} ({} ms)",
          request.method(),
          request.rawPath(),
          response.getStatusCode(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (IOException | UncheckedIOException e) {
      log.debug("client went away: {}", e.toString());
    }
  }

  /** The rest of the body is never read: the connection is closed after the answer. */
  private static APIGatewayV2HTTPResponse payloadTooLarge() {
    return GatewayResponses.error(
        413,
        "PAYLOAD_TOO_LARGE",
        "The request body is limited to " + RequestLimits.MAX_BODY_BYTES + " bytes.",
        Map.of("connection", "close"));
  }

  /** Routes, authorizes and invokes; every outcome is an HTTP response, as in API Gateway. */
  APIGatewayV2HTTPResponse dispatch(IncomingRequest request) {
    String malformed = PathSegments.malformedPart(request.rawPath(), request.rawQuery());
    if (malformed != null) {
      return GatewayResponses.error(
          400,
          "VALIDATION_ERROR",
          "The "
              + malformed
              + " is malformed: a percent-escape is invalid, is not UTF-8 or is a control"
              + " character.");
    }
    RouteMatch match = routes.match(request.method(), request.rawPath());
    if (match instanceof RouteMatch.NotFound) {
      return GatewayResponses.error(
          404, "NOT_FOUND", "No route for " + request.method() + " " + request.rawPath() + ".");
    }
    if (match instanceof RouteMatch.MethodNotAllowed notAllowed) {
      return GatewayResponses.error(
          405,
          "METHOD_NOT_ALLOWED",
          request.method()
              + " is not supported here; use "
              + String.join(", ", notAllowed.allowedMethods())
              + ".",
          Map.of("allow", String.join(", ", notAllowed.allowedMethods())));
    }
    RouteMatch.Found found = (RouteMatch.Found) match;
    Map<String, String> claims = null;
    if (found.route().requiresAuth()) {
      JwtAuthorizer.Decision decision = authorizer.authorize(request.header("authorization"));
      if (decision instanceof JwtAuthorizer.Denied denied) {
        return GatewayResponses.error(
            401, "UNAUTHORIZED", denied.message(), Map.of("www-authenticate", "Bearer"));
      }
      if (decision instanceof JwtAuthorizer.Unavailable unavailable) {
        return GatewayResponses.error(
            503, "AUTH_UNAVAILABLE", unavailable.message(), Map.of("retry-after", "5"));
      }
      claims = ((JwtAuthorizer.Allowed) decision).claims();
    }
    APIGatewayV2HTTPEvent event =
        events.build(request, found.route(), found.pathParameters(), claims);
    return invoke(found.route(), event);
  }

  private static APIGatewayV2HTTPResponse invoke(Route route, APIGatewayV2HTTPEvent event) {
    String requestId = event.getRequestContext().getRequestId();
    try {
      APIGatewayV2HTTPResponse response =
          route
              .handler()
              .handleRequest(
                  event, new LocalLambdaContext(route.functionName(), requestId, FUNCTION_TIMEOUT));
      if (response == null) {
        log.error("{} returned no response for request {}", route.functionName(), requestId);
        return GatewayResponses.error(502, "INTERNAL_ERROR", "The function returned no response.");
      }
      return response;
    } catch (RuntimeException e) {
      // An uncaught exception is a crashed invocation in Lambda; API Gateway answers 500.
      log.error("{} failed on request {}", route.functionName(), requestId, e);
      return GatewayResponses.error(500, "INTERNAL_ERROR", "Internal Server Error");
    }
  }

  private static IncomingRequest read(HttpExchange exchange, byte[] body) {
    return new IncomingRequest(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(),
        exchange.getRequestURI().getRawQuery(),
        Map.copyOf(exchange.getRequestHeaders()),
        new String(body, StandardCharsets.UTF_8),
        exchange.getRemoteAddress().getAddress().getHostAddress(),
        exchange.getProtocol());
  }

  private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    if (response.getMultiValueHeaders() != null) {
      response
          .getMultiValueHeaders()
          .forEach((name, values) -> headers.put(name, List.copyOf(values)));
    }
    if (response.getHeaders() != null) {
      response.getHeaders().forEach(headers::set);
    }
    if (response.getCookies() != null) {
      response.getCookies().forEach(cookie -> headers.add("set-cookie", cookie));
    }
    String body = response.getBody();
    byte[] bytes =
        body == null
            ? new byte[0]
            : response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
    boolean noBody =
        bytes.length == 0
            || status == 204
            || status == 304
            || "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting requests and lets in-flight ones finish for up to a second. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
