package com.sqm.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every sample in events/ is fed to a handler by some test (issue 9, item 6). */
class EventSamplesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void shouldLoadEverySampleInATest_whenTheEventsDirectoryIsScanned() throws IOException {
    // Arrange
    List<String> samples;
    try (Stream<Path> files = Files.list(ROOT.resolve("events"))) {
      samples =
          files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
    }
    StringBuilder tests = new StringBuilder();
    for (String module : List.of("functions", "local", "shared")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module))) {
        files
            .filter(f -> f.toString().contains("/src/test/java/") && f.toString().endsWith(".java"))
            .filter(f -> !f.getFileName().toString().equals("EventSamplesTest.java"))
            .forEach(f -> tests.append(read(f)));
      }
    }

    // Act / Assert
    assertThat(samples).hasSizeGreaterThan(30);
    assertThat(samples).allSatisfy(sample -> assertThat(tests).contains("events/" + sample));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
