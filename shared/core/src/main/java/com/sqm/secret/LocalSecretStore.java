package com.sqm.secret;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * The secret store of the local runner: one file per secret in a directory of the data directory,
 * readable by its owner only (directory 700, files 600).
 */
public final class LocalSecretStore implements SecretStore {
  /** A local secret's name: letters, digits and {@code . _ -}, so it is a safe file name. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path directory;

  public LocalSecretStore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  public Path directory() {
    return directory;
  }

  @Override
  public String value(String name) {
    if (!NAME.matcher(name).matches()) {
      throw missing(name);
    }
    try {
      String value = Files.readString(directory.resolve(name), StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        throw missing(name);
      }
      return value;
    } catch (NoSuchFileException e) {
      throw missing(name);
    } catch (IOException e) {
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          "the local secret '" + name + "' cannot be read",
          "connectionRef");
    }
  }

  /**
   * Stores {@code value} as secret {@code name}, replacing any earlier value; the file is written
   * privately and moved into place, so no reader sees it half-written or world-readable.
   *
   * @throws IllegalArgumentException when the name is not a {@link #NAME} or the value is blank
   */
  public void put(String name, String value) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a secret name is 1 to 128 letters, digits and . _ -, starting with a letter or digit");
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the secret's value is empty");
    }
    try {
      Files.createDirectories(directory, ownerOnly("rwx------"));
      Path temp = Files.createTempFile(directory, name, ".tmp", ownerOnly("rw-------"));
      try {
        Files.writeString(temp, value.strip() + "\n", StandardCharsets.UTF_8);
        Files.move(
            temp,
            directory.resolve(name),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the secret '" + name + "'", e);
    }
  }

  /** Removes secret {@code name}; whether it was there. */
  public boolean delete(String name) {
    if (!NAME.matcher(name).matches()) {
      return false;
    }
    try {
      return Files.deleteIfExists(directory.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the secret '" + name + "'", e);
    }
  }

  private static SqmException missing(String name) {
    return new SqmException(
        ErrorCode.DATASOURCE_ERROR,
        "there is no local secret '" + name + "'; store it with ./sqm secret put " + name,
        "connectionRef");
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
      };
    }
    return new FileAttribute<?>[0];
  }
}
