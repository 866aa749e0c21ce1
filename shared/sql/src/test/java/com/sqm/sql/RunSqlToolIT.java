package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSqlToolIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestDatabase database;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void startDatabase() {
    database = TestDatabase.get();
  }

  private int run(String stdin, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--jdbc-url", database.readerUrl()));
    args.addAll(List.of(extraArgs));
    return RunSqlTool.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private JsonNode output() throws Exception {
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldPrintResultAndExitZero_whenSqlExecutes() throws Exception {
    // Act
    int status =
        run("SELECT id FROM customers ORDER BY id", "--schema", "public", "--max-rows", "2");

    // Assert
    assertThat(status).isZero();
    JsonNode result = output();
    assertThat(result.get("rowCount").asInt()).isEqualTo(2);
    assertThat(result.get("truncated").asBoolean()).isTrue();
    assertThat(result.get("rows").toString()).isEqualTo("[[1],[2]]");
    assertThat(result.get("columns").get(0).get("name").asText()).isEqualTo("id");
  }

  @Test
  void shouldPrintCodeAndReasonAndExitThree_whenGuardRejects() throws Exception {
    // Act
    int status = run("SELECT pg_read_file('/etc/passwd')");

    // Assert
    assertThat(status).isEqualTo(RunSqlTool.REJECTED);
    assertThat(output().get("code").asText()).isEqualTo("SQL_REJECTED");
    assertThat(output().get("reason").asText())
        .isEqualTo("FORBIDDEN_FUNCTION: function pg_read_file is not allowed");
  }

  @Test
  void shouldExitThree_whenQueryIsTooExpensive() throws Exception {
    // Act
    int status = run("SELECT count(*) FROM events a, events b, events c");

    // Assert
    assertThat(status).isEqualTo(RunSqlTool.REJECTED);
    assertThat(output().get("code").asText()).isEqualTo("SQL_TOO_EXPENSIVE");
  }

  @Test
  void shouldExitFour_whenExecutionFails() throws Exception {
    // Act
    int status = run("SELECT 1 / 0");

    // Assert
    assertThat(status).isEqualTo(RunSqlTool.ERROR);
    assertThat(output().get("code").asText()).isEqualTo("DATASOURCE_ERROR");
    assertThat(output().get("reason").asText()).contains("division by zero");
  }

  @Test
  void shouldExitFourWithTimeout_whenStatementOutlivesTimeout() throws Exception {
    // Act
    int status =
        run(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
            "--timeout-ms",
            "200");

    // Assert
    assertThat(status).isEqualTo(RunSqlTool.ERROR);
    assertThat(output().get("code").asText()).isEqualTo("DATASOURCE_TIMEOUT");
  }

  @Test
  void shouldWriteOneLinePerInputInOrder_whenBatchFileGiven(@TempDir Path dir) throws Exception {
    // Arrange
    Path batch = dir.resolve("cases.jsonl");
    Files.writeString(
        batch,
        String.join(
            "\n",
            "{\"sql\": \"SELECT id FROM customers WHERE id <= 3\"}",
            "{\"sql\": \"SELECT 1; DROP TABLE orders\"}",
            "{\"sql\": \"SELECT 1 / 0\"}",
            "not json",
            "{\"sql\": \"SELECT count(*) FROM orders\"}"));
    String before = DatabaseChecksum.of(database.admin());

    // Act
    int status = run("", "--batch", batch.toString());

    // Assert
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).strip().split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .extracting(l -> l.get("outcome").asText())
        .containsExactly("executed", "rejected", "error", "error", "executed");
    assertThat(lines.get(0).get("rowCount").asInt()).isEqualTo(3);
    assertThat(lines.get(0).get("code").isNull()).isTrue();
    assertThat(lines.get(1).get("code").asText()).isEqualTo("SQL_REJECTED");
    assertThat(lines.get(1).get("reason").asText()).startsWith("MULTIPLE_STATEMENTS");
    assertThat(lines.get(2).get("code").asText()).isEqualTo("DATASOURCE_ERROR");
    assertThat(lines.get(3).get("code").asText()).isEqualTo("INVALID_JSON");
    assertThat(lines.get(4).get("rowCount").asInt()).isEqualTo(1);
    assertThat(status).isEqualTo(RunSqlTool.ERROR);
    assertThat(DatabaseChecksum.of(database.admin())).isEqualTo(before);
  }
}
