package com.sqm.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The HTTP API's OpenAPI 3.1 document, kept as the resource {@code /openapi.json}. */
public final class OpenApiDocument {
  public static final String RESOURCE = "/openapi.json";

  private OpenApiDocument() {}

  /** The document's JSON text. */
  public static String load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
