package com.sqm.functions.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The page's files, read from this module's {@code playground/} resources: the page itself and the
 * vendored chart libraries that {@code vendor.json} lists (their names carry their version, so
 * browsers may keep them for good).
 */
public final class PlaygroundAssets {
  static final String DIRECTORY = "playground/";
  static final String INDEX = "index.html";
  static final String MANIFEST = "vendor.json";

  /**
   * A plain file name: letters, digits, '-' and '_', with dot-separated extensions; no '/', no
   * '..', no leading dot. Anything else is never looked up.
   */
  private static final Pattern FILE_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}(\\.[A-Za-z0-9_-]{1,20}){1,4}");

  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "json", "application/json",
          "svg", "image/svg+xml",
          "txt", "text/plain; charset=utf-8");

  /** Files smaller than this are sent as they are: compressing them saves next to nothing. */
  static final int COMPRESS_FROM_BYTES = 1024;

  /**
   * A file the page may load: its text, type, strong ETag, whether it never changes, and its
   * gzip-compressed bytes (null when it is too small to gain from it).
   */
  public record Asset(
      String name,
      String body,
      String contentType,
      String etag,
      boolean immutable,
      byte[] gzipped) {

    /**
     * The compressed bytes' own strong ETag: they are another representation, so they must not
     * share the plain one's (a cache would hand one for the other).
     */
    public String gzipEtag() {
      return etag.substring(0, etag.length() - 1) + "-gz\"";
    }
  }

  private final ClassLoader loader;
  private final Set<String> versioned;

  /** Only files that are there: misses are not kept (the route answers anyone, any name). */
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  private PlaygroundAssets(ClassLoader loader, Set<String> versioned) {
    this.loader = loader;
    this.versioned = versioned;
  }

  /** The assets of this module's classpath. */
  public static PlaygroundAssets fromClasspath() {
    ClassLoader loader = PlaygroundAssets.class.getClassLoader();
    byte[] manifest = read(loader, MANIFEST);
    if (manifest == null) {
      throw new IllegalStateException(DIRECTORY + MANIFEST + " is missing from the classpath");
    }
    Set<String> versioned = new TreeSet<>();
    try {
      for (JsonNode file : Json.mapper().readTree(manifest).path("files")) {
        versioned.add(file.path("file").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(DIRECTORY + MANIFEST + " is not JSON", e);
    }
    return new PlaygroundAssets(loader, Set.copyOf(versioned));
  }

  /** The file called {@code name}; empty when the name is not a plain file name or not there. */
  public Optional<Asset> find(String name) {
    if (name == null || !FILE_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Asset cached = cache.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Asset> loaded = load(name);
    loaded.ifPresent(asset -> cache.putIfAbsent(name, asset));
    return loaded;
  }

  /** How many files are kept in memory; for tests. */
  int cachedCount() {
    return cache.size();
  }

  private Optional<Asset> load(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    String contentType = CONTENT_TYPES.get(extension);
    byte[] bytes = contentType == null ? null : read(loader, name);
    if (bytes == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Asset(
            name,
            new String(bytes, StandardCharsets.UTF_8),
            contentType,
            "\"" + sha256(bytes) + "\"",
            versioned.contains(name),
            bytes.length < COMPRESS_FROM_BYTES ? null : gzip(bytes)));
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("could not compress in memory", e);
    }
    return out.toByteArray();
  }

  private static byte[] read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(DIRECTORY + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + DIRECTORY + name, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
