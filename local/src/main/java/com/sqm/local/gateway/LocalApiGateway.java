package com.sqm.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.local.LocalLambdaContext;
import com.sqm.local.auth.JwtAuthorizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays API Gateway (HTTP API) on a loopback port: matches the route, runs the JWT authorizer,
 * turns the request into the payload v2.0 event, invokes the same handler class that is deployed
 * and writes back its response. Runs on Jetty's core API (no servlets) because a request Jetty
 * refuses itself (an unparsable request line or escape, an oversized head, broken framing) still
 * goes through {@link JsonErrorHandler} and gets the API's JSON error, which the JDK's built-in
 * server cannot do.
 */
public final class LocalApiGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalApiGateway.class);

  /** API Gateway's own integration timeout for HTTP APIs. */
  private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Requests served at once. API Gateway runs a function instance per concurrent request; a submit
   * spends most of its time waiting on the database and the queue, so a handful of threads caps the
   * local API at a handful of submits per round trip (4 threads: about 75 a second). Long polls
   * ({@code GET /queries/{id}?wait=N}) hold a thread each for up to 20 s; the process holds at most
   * {@code SQM_PROGRESS_WAITERS} of them (default half of these) and answers any more at once.
   */
  static final int THREADS = 32;

  /** Jetty's acceptor and selector threads, taken from the same pool as the request threads. */
  private static final int IO_THREADS = 2;

  /**
   * Room for the request line on top of the header fields: past {@link
   * RequestLimits#MAX_HEADER_BYTES} plus this, Jetty stops reading the head and answers 431 (414
   * while still in the request line) through {@link JsonErrorHandler}; below it the gateway counts
   * the header fields itself.
   */
  private static final int REQUEST_LINE_BYTES = 8 * 1024;

  /** In-flight requests may finish for this long when the gateway closes. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(1);

  /**
   * How long an idle keep-alive connection stays open once the gateway closes. Jetty's default (1
   * s) made every close wait for the clients' idle connections; a request in flight is not idle and
   * keeps its {@link #STOP_GRACE}.
   */
  private static final Duration IDLE_CONNECTION_GRACE = Duration.ofMillis(50);

  /** Where {@code ./sqm dev} serves the API's OpenAPI document. */
  public static final String OPENAPI_PATH = "/openapi.json";

  private final Server server;
  private final ServerConnector connector;
  private final RouteTable routes;
  private final JwtAuthorizer authorizer;
  private final ApiGatewayEventFactory events;
  private final CorsPolicy cors;
  private final String openApiDocument;

  private LocalApiGateway(
      Server server,
      ServerConnector connector,
      RouteTable routes,
      JwtAuthorizer authorizer,
      ApiGatewayEventFactory events,
      CorsPolicy cors,
      String openApiDocument) {
    this.server = server;
    this.connector = connector;
    this.routes = routes;
    this.authorizer = authorizer;
    this.events = events;
    this.cors = cors;
    this.openApiDocument = openApiDocument;
  }

  /** Binds 127.0.0.1:{@code port} (0 picks a free port) and starts serving, without CORS. */
  public static LocalApiGateway start(
      int port, RouteTable routes, JwtAuthorizer authorizer, ApiGatewayEventFactory events)
      throws IOException {
    return start(port, routes, authorizer, events, CorsPolicy.none(), null);
  }

  /**
   * Binds 127.0.0.1:{@code port} (0 picks a free port) and starts serving; answers preflights and
   * adds CORS headers as {@code cors} says, and serves {@code openApiDocument} (when not null) at
   * {@code GET /openapi.json} without a token.
   */
  @SuppressWarnings("checkstyle:IllegalCatch") // Jetty's LifeCycle.start() declares Exception
  public static LocalApiGateway start(
      int port,
      RouteTable routes,
      JwtAuthorizer authorizer,
      ApiGatewayEventFactory events,
      CorsPolicy cors,
      String openApiDocument)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(THREADS + IO_THREADS, IO_THREADS + 1);
    threads.setName("http");
    threads.setDaemon(true);
    Server server = new Server(threads);

    HttpConfiguration config = new HttpConfiguration();
    config.setRequestHeaderSize(RequestLimits.MAX_HEADER_BYTES + REQUEST_LINE_BYTES);
    // Decodable but odd escapes (%2F, %00, %C3%28) reach PathSegments, whose 400 names the part;
    // one Jetty cannot decode at all (%zz) gets JsonErrorHandler's 400 VALIDATION_ERROR.
    config.setUriCompliance(UriCompliance.UNSAFE);
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    // A function may run for its whole timeout without the connection reading or writing.
    config.setIdleTimeout(FUNCTION_TIMEOUT.plusSeconds(5).toMillis());

    ServerConnector connector =
        new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(FUNCTION_TIMEOUT.plusSeconds(5).toMillis());
    connector.setShutdownIdleTimeout(IDLE_CONNECTION_GRACE.toMillis());
    server.addConnector(connector);

    LocalApiGateway gateway =
        new LocalApiGateway(server, connector, routes, authorizer, events, cors, openApiDocument);
    server.setHandler(
        new GracefulHandler(
            new Handler.Abstract() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                return gateway.serve(request, response, callback);
              }
            }));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(STOP_GRACE.toMillis());
    try {
      server.start();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("The local API could not start on port " + port, e);
    }
    return gateway;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Runs on one of the {@link #THREADS} request threads; blocking reads are fine there. */
  private boolean serve(Request jettyRequest, Response jettyResponse, Callback callback) {
    long started = System.nanoTime();
    IncomingRequest request = read(jettyRequest, "");
    APIGatewayV2HTTPResponse response;
    if (RequestLimits.headerBytes(request.headers()) > RequestLimits.MAX_HEADER_BYTES) {
      response = GatewayResponses.headersTooLarge();
    } else if (RequestLimits.announcesTooLargeBody(request.header("content-length"))) {
      response = GatewayResponses.payloadTooLarge();
    } else {
      byte[] body;
      try (InputStream in = Request.asInputStream(jettyRequest)) {
        body = RequestLimits.readBody(in);
      } catch (IOException e) {
        // A client gone or a broken body framing: Jetty answers a framing error through the
        // JSON error handler.
        log.debug("request body unreadable: {}", e.toString());
        callback.failed(e);
        return true;
      }
      if (body == null) {
        response = GatewayResponses.payloadTooLarge();
      } else {
        request = read(jettyRequest, new String(body, StandardCharsets.UTF_8));
        response = dispatch(request);
      }
    }
    response = withCorsHeaders(request, response);
    log.info(
        "{} {} -> {} ({} ms)",
        request.method(),
        request.rawPath(),
        response.getStatusCode(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    write(jettyRequest, jettyResponse, response, callback);
    return true;
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
    if (openApiDocument != null
        && "GET".equals(request.method())
        && OPENAPI_PATH.equals(request.rawPath())) {
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(200)
          .withHeaders(Map.of("content-type", "application/json"))
          .withBody(openApiDocument)
          .build();
    }
    RouteMatch match = routes.match(request.method(), request.rawPath());
    if ("OPTIONS".equals(request.method()) && match instanceof RouteMatch.MethodNotAllowed) {
      return preflight(request);
    }
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

  /**
   * API Gateway answers a preflight itself, before any authorizer: 204 with the CORS headers for an
   * allowed origin, and 204 without them for any other (the browser then refuses the call).
   */
  private APIGatewayV2HTTPResponse preflight(IncomingRequest request) {
    String origin = request.header("origin");
    Map<String, String> headers = cors.allows(origin) ? cors.preflightHeaders(origin) : Map.of();
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(204)
        .withHeaders(new LinkedHashMap<>(headers))
        .build();
  }

  /** Every other answer to an allowed origin, the gateway's own errors included, says so. */
  private APIGatewayV2HTTPResponse withCorsHeaders(
      IncomingRequest request, APIGatewayV2HTTPResponse response) {
    String origin = request.header("origin");
    Map<String, String> current = response.getHeaders() == null ? Map.of() : response.getHeaders();
    if (!cors.allows(origin) || current.containsKey("access-control-allow-origin")) {
      return response;
    }
    Map<String, String> headers = new LinkedHashMap<>(current);
    headers.putAll(cors.responseHeaders(origin));
    response.setHeaders(headers);
    return response;
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

  private static IncomingRequest read(Request request, String body) {
    HttpURI uri = request.getHttpURI();
    return new IncomingRequest(
        request.getMethod(),
        uri.getPath(),
        uri.getQuery(),
        headers(request.getHeaders()),
        body,
        Request.getRemoteAddr(request),
        request.getConnectionMetaData().getProtocol());
  }

  /** Header values by lower-cased name, in the order they came; repeated names keep every value. */
  private static Map<String, List<String>> headers(HttpFields fields) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : fields) {
      headers
          .computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(field.getValue() == null ? "" : field.getValue());
    }
    return headers;
  }

  private static void write(
      Request request, Response response, APIGatewayV2HTTPResponse answer, Callback callback) {
    int status = answer.getStatusCode() == 0 ? 200 : answer.getStatusCode();
    response.setStatus(status);
    // A 413 or 431 leaves the request unread: the connection ends with the answer.
    HttpFields.Mutable headers = response.getHeaders();
    if (answer.getMultiValueHeaders() != null) {
      answer
          .getMultiValueHeaders()
          .forEach((name, values) -> headers.put(name, List.copyOf(values)));
    }
    if (answer.getHeaders() != null) {
      answer.getHeaders().forEach(headers::put);
    }
    if (answer.getCookies() != null) {
      answer.getCookies().forEach(cookie -> headers.add("set-cookie", cookie));
    }
    String body = answer.getBody();
    byte[] bytes =
        body == null
            ? new byte[0]
            : answer.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    boolean noBody =
        bytes.length == 0 || status == 204 || status == 304 || "HEAD".equals(request.getMethod());
    if (noBody) {
      headers.remove("content-length");
      callback.succeeded();
    } else {
      headers.put("content-length", Integer.toString(bytes.length));
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }
  }

  /** Stops accepting requests and lets in-flight ones finish for up to a second. */
  @Override
  @SuppressWarnings("checkstyle:IllegalCatch") // Jetty's LifeCycle.stop() declares Exception
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("the local API did not stop cleanly: {}", e.toString());
    }
  }
}
