package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code ./sqm load} against the whole local runtime on free ports and a temporary data dir. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadCommandIT {
  private Path dataDir;
  private LocalRuntime runtime;

  @BeforeAll
  void startRuntime() throws IOException {
    dataDir = Files.createTempDirectory("sqm-load-it");
    runtime = LocalRuntime.start(new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of()));
  }

  @AfterAll
  void stopRuntime() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void shouldAnswerEveryQuestionAndLoseNone_whenTwentyAreSubmittedFourAtATime() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new SqmCli(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                dataDir)
            .run(
                List.of(
                    "load",
                    "--queries",
                    "20",
                    "--concurrency",
                    "4",
                    "--url",
                    runtime.baseUri().toString(),
                    "--data-dir",
                    dataDir.toString(),
                    "--timeout",
                    "90",
                    "--json"));

    JsonNode report = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(report.path("submitted").asInt()).isEqualTo(20);
    assertThat(report.path("accepted").asInt()).isEqualTo(20);
    assertThat(report.path("lost").asInt()).isZero();
    // Every question of the mix is one the offline engine answers on the demo data.
    assertThat(report.path("completed").asInt()).as(report.toString()).isEqualTo(20);
    assertThat(report.path("drain").path("perSecond").asDouble()).isPositive();
    assertThat(report.path("latencyMs").path("p95").asLong()).isPositive();
  }
}
