package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunSqlToolTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--schema public",
        "--jdbc-url",
        "--jdbc-url x --max-rows -1",
        "--jdbc-url x --timeout-ms abc",
        "--jdbc-url x --bogus"
      })
  void shouldExitWithUsageError_whenArgumentsAreInvalid(String args) {
    // Arrange
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> argv = args.isEmpty() ? List.of() : List.of(args.split(" "));

    // Act
    int status =
        RunSqlTool.run(
            argv,
            new ByteArrayInputStream("SELECT 1".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    // Assert
    assertThat(status).isEqualTo(RunSqlTool.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: sqm run-sql");
    assertThat(out.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "--jdbc-url x --help"})
  void shouldPrintUsageAndSucceed_whenHelpAsked(String args) {
    // Arrange
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // Act
    int status =
        RunSqlTool.run(
            List.of(args.split(" ")),
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    // Assert
    assertThat(status).isEqualTo(RunSqlTool.EXECUTED);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: sqm run-sql");
  }
}
