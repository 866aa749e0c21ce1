package com.sqm.local.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository keeps the evaluation development split, wherever the tests run from. */
final class DevSplit {
  private DevSplit() {}

  /** {@code eval/dev} of the repository: the folder with {@code mvnw}, found upwards. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir.resolve("eval").resolve("dev");
      }
    }
    throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
  }
}
