package com.sqm.local.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which browser origins may call the API, and with which methods and headers: the local twin of the
 * HTTP API's {@code CorsConfiguration}. Origins come from {@code SQM_CORS_ORIGINS}
 * (comma-separated, {@code *} for any); methods and headers default to the ones the API uses.
 */
public record CorsPolicy(
    List<String> allowedOrigins,
    List<String> allowedMethods,
    List<String> allowedHeaders,
    List<String> exposedHeaders,
    int maxAgeSeconds) {
  public static final String ORIGINS = "SQM_CORS_ORIGINS";
  public static final String METHODS = "SQM_CORS_METHODS";
  public static final String HEADERS = "SQM_CORS_HEADERS";

  /** The methods the API's routes use, plus the preflight's own. */
  public static final List<String> DEFAULT_METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "OPTIONS");

  /** The request headers a browser client sends beyond the CORS-safelisted ones. */
  public static final List<String> DEFAULT_HEADERS =
      List.of("Authorization", "Content-Type", "Idempotency-Key");

  /** Response headers a script may read: where a new query is, and when to retry. */
  public static final List<String> EXPOSED_HEADERS = List.of("Location", "Retry-After");

  /** How long a browser may cache a preflight answer (the template's {@code MaxAge}). */
  public static final int MAX_AGE_SECONDS = 600;

  public CorsPolicy {
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedMethods = List.copyOf(allowedMethods);
    allowedHeaders = List.copyOf(allowedHeaders);
    exposedHeaders = List.copyOf(exposedHeaders);
  }

  /** No origin allowed: responses carry no CORS headers (the default). */
  public static CorsPolicy none() {
    return from(Map.of());
  }

  /** Reads {@link #ORIGINS}, {@link #METHODS} and {@link #HEADERS} from {@code environment}. */
  public static CorsPolicy from(Map<String, String> environment) {
    return new CorsPolicy(
        list(environment.get(ORIGINS), List.of()),
        list(environment.get(METHODS), DEFAULT_METHODS).stream()
            .map(method -> method.toUpperCase(Locale.ROOT))
            .toList(),
        list(environment.get(HEADERS), DEFAULT_HEADERS),
        EXPOSED_HEADERS,
        MAX_AGE_SECONDS);
  }

  private static List<String> list(String value, List<String> fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Whether {@code origin} (the request's {@code Origin} header, may be null) may call the API. */
  public boolean allows(String origin) {
    if (origin == null || origin.isEmpty()) {
      return false;
    }
    return allowedOrigins.contains("*")
        || allowedOrigins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
  }

  /** The headers of a preflight answer to an allowed {@code origin}. */
  Map<String, String> preflightHeaders(String origin) {
    return Map.of(
        "access-control-allow-origin", origin,
        "vary", "Origin",
        "access-control-allow-methods", String.join(",", allowedMethods),
        "access-control-allow-headers", String.join(",", allowedHeaders),
        "access-control-max-age", Integer.toString(maxAgeSeconds));
  }

  /** The headers added to an actual response to an allowed {@code origin}. */
  Map<String, String> responseHeaders(String origin) {
    return Map.of(
        "access-control-allow-origin",
        origin,
        "vary",
        "Origin",
        "access-control-expose-headers",
        String.join(",", exposedHeaders));
  }
}
