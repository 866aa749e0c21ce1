package com.sqm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A small secret kept in the data directory (owner-only, mode 600), created once and reused. */
public final class SecretFile {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretFile() {}

  /**
   * Returns the secret stored at {@code file}, first writing {@code length} random bytes
   * (base64url, so it is safe inside a JDBC URL) if the file does not exist yet.
   */
  public static String readOrCreate(Path file, int length) {
    try {
      if (Files.notExists(file)) {
        create(file, randomToken(length));
      }
      String value = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (value.isEmpty()) {
        throw new IllegalStateException(file + " is empty; delete it and it will be recreated");
      }
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create " + file, e);
    }
  }

  /** Returns the secret stored at {@code file}, which must exist. */
  public static String read(Path file) {
    if (Files.notExists(file)) {
      throw new IllegalStateException(file + " is missing");
    }
    return readOrCreate(file, 0);
  }

  static String randomToken(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // Written to a private temp file and moved into place, so a concurrent reader (`sqm token`
  // while `sqm dev` starts) never sees a half-written secret, nor a world-readable one.
  private static void create(Path file, String value) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", ownerOnly());
    try {
      Files.writeString(temp, value + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, file);
    } catch (FileAlreadyExistsException raced) {
      // Another process created it first: keep theirs.
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new FileAttribute<?>[0];
  }
}
