package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCommandTest {
  @TempDir Path dataDir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    return new SqmCli(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dataDir)
        .run(List.of(args));
  }

  @Test
  void shouldStoreTheValueWithoutPrintingIt_whenPutReadsStdin() throws Exception {
    int code =
        run("jdbc:postgresql://db/shop?user=r&password=Sw0rdf1sh\n", "secret", "put", "shop");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("secret:shop")
        .doesNotContain("Sw0rdf1sh");
    assertThat(Files.readString(dataDir.resolve("secrets/shop")).strip())
        .isEqualTo("jdbc:postgresql://db/shop?user=r&password=Sw0rdf1sh");
  }

  @Test
  void shouldWriteToTheGivenDataDirectory_whenDataDirIsPassed() throws Exception {
    Path other = dataDir.resolve("other");

    int code = run("v", "secret", "put", "s1", "--data-dir", other.toString());

    assertThat(code).isZero();
    assertThat(other.resolve("secrets/s1")).exists();
  }

  @Test
  void shouldFailAsUsage_whenNameIsMissingInvalidOrStdinEmpty() {
    assertThat(run("v", "secret", "put")).isEqualTo(SqmCli.USAGE);
    assertThat(run("v", "secret", "put", "../x")).isEqualTo(SqmCli.USAGE);
    assertThat(run("  \n", "secret", "put", "empty")).isEqualTo(SqmCli.USAGE);
    assertThat(run("v", "secret", "get", "x")).isEqualTo(SqmCli.USAGE);
    assertThat(dataDir.resolve("secrets/empty")).doesNotExist();
  }
}
