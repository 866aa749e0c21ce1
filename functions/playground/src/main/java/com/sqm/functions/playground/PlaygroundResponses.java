package com.sqm.functions.playground;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The playground's answers and the headers every one carries: a Content-Security-Policy that lets
 * the page run only its own scripts (no inline script, no eval: charts use vega's expression
 * interpreter) and talk only to this API (and the identity provider's token endpoint).
 */
final class PlaygroundResponses {
  /** Vendored files are named by version: a year, and never revalidated. */
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** The page and its own script and style: always revalidated (a 304 when unchanged). */
  static final String REVALIDATE = "no-cache";

  private final Map<String, String> securityHeaders;

  PlaygroundResponses(PlaygroundSettings settings) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Security-Policy", contentSecurityPolicy(settings));
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Cross-Origin-Opener-Policy", "same-origin");
    this.securityHeaders = Map.copyOf(headers);
  }

  static String contentSecurityPolicy(PlaygroundSettings settings) {
    String connect = "'self'" + settings.authOrigin().map(o -> " " + o).orElse("");
    return String.join(
        "; ",
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src " + connect,
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'");
  }

  /**
   * The file, gzip-compressed when the browser accepts it and it gains from it (API Gateway's HTTP
   * APIs do not compress; the vega bundle is a quarter of its size compressed).
   */
  APIGatewayV2HTTPResponse asset(
      PlaygroundAssets.Asset asset, String ifNoneMatch, String acceptEncoding) {
    Map<String, String> headers = new LinkedHashMap<>(securityHeaders);
    headers.put("Content-Type", asset.contentType());
    headers.put("Cache-Control", asset.immutable() ? IMMUTABLE : REVALIDATE);
    boolean gzip = asset.gzipped() != null && acceptsGzip(acceptEncoding);
    headers.put("ETag", gzip ? asset.gzipEtag() : asset.etag());
    if (asset.gzipped() != null) {
      headers.put("Vary", "Accept-Encoding");
    }
    // Either representation's ETag will do: both are this version of the file. The 304 names the
    // one the browser has.
    boolean hasPlain = matches(ifNoneMatch, asset.etag());
    boolean hasGzip = asset.gzipped() != null && matches(ifNoneMatch, asset.gzipEtag());
    if (hasPlain || hasGzip) {
      if (hasPlain != hasGzip) {
        headers.put("ETag", hasPlain ? asset.etag() : asset.gzipEtag());
      }
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(304)
          .withHeaders(headers)
          .withIsBase64Encoded(false)
          .build();
    }
    if (gzip) {
      headers.put("Content-Encoding", "gzip");
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(200)
          .withHeaders(headers)
          .withBody(Base64.getEncoder().encodeToString(asset.gzipped()))
          .withIsBase64Encoded(true)
          .build();
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(headers)
        .withBody(asset.body())
        .withIsBase64Encoded(false)
        .build();
  }

  /** Accept-Encoding names gzip (or *) without refusing it with {@code q=0}. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] parts = coding.split(";");
      String name = parts[0].strip();
      boolean refused = parts.length > 1 && parts[1].replace(" ", "").matches("q=0(\\.0{0,3})?");
      if ((name.equals("gzip") || name.equals("*")) && !refused) {
        return true;
      }
    }
    return false;
  }

  /** The sign-in settings; they change with the deployment, so never kept. */
  APIGatewayV2HTTPResponse config(String body) {
    Map<String, String> headers = new LinkedHashMap<>(securityHeaders);
    headers.put("Content-Type", "application/json");
    headers.put("Cache-Control", "no-store");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(headers)
        .withBody(body)
        .withIsBase64Encoded(false)
        .build();
  }

  /** If-None-Match: {@code *}, or a comma-separated list of ETags (weak ones compare equal). */
  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::strip)
        .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
        .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
  }

  static String json(Object value) {
    try {
      return new String(Json.mapper().writeValueAsBytes(value), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the page's configuration is not serialisable", e);
    }
  }
}
