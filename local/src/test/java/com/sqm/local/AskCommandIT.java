package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sqm ask} against a real PostgreSQL database it has never seen, with the offline engine.
 */
class AskCommandIT {
  private static final String DATABASE = "ask_command_it";
  private static String url;

  @TempDir Path dataDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void createDatabase() throws SQLException {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    if (postgres.createDatabaseIfMissing(DATABASE)) {
      try (Connection c = postgres.superuserDataSource(DATABASE).getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE city (id integer PRIMARY KEY, name text NOT NULL, country text NOT NULL,
                               population integer NOT NULL);
            COMMENT ON TABLE city IS 'Cities and their population';
            INSERT INTO city VALUES (1, 'Lyon', 'France', 522000), (2, 'Porto', 'Portugal', 232000),
                                    (3, 'Nice', 'France', 342000);
            ANALYZE;
            """);
      }
    }
    url = postgres.jdbcUrl(DATABASE);
  }

  @Test
  void shouldPrintSqlRowsAndSummary_whenQuestionIsAnswerable() throws IOException {
    int status = run("ask", "--jdbc-url", url, "--engine", "offline", "How many cities are there?");

    JsonNode answer = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(answer.path("sql").asText()).containsIgnoringCase("count");
    assertThat(answer.path("rows").get(0).get(0).asInt()).isEqualTo(3);
    assertThat(answer.path("summary").asText()).contains("3");
    assertThat(answer.path("engine").asText()).isEqualTo("offline");
    assertThat(answer.path("error").isNull()).isTrue();
  }

  @Test
  void shouldPrintErrorWithNullSqlAndExit3_whenEngineDeclines() throws IOException {
    int status =
        run("ask", "--jdbc-url", url, "--engine", "offline", "What is the weather in Lyon?");

    JsonNode answer = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(AskCommand.DECLINED);
    assertThat(answer.path("sql").isNull()).isTrue();
    assertThat(answer.path("error").path("code").asText()).isEqualTo("QUESTION_NOT_ANSWERABLE");
    assertThat(answer.path("error").path("message").asText()).contains("weather");
  }

  @Test
  void shouldAnswerEachLineInOrder_whenGivenABatch() throws IOException {
    Path batch = dataDir.resolve("questions.jsonl");
    Files.writeString(
        batch,
        """
        {"question": "What is the weather in Lyon?"}

        {"question": "How many cities are there?", "instructions": "count every city"}
        """);

    int status = run("ask", "--jdbc-url", url, "--engine", "offline", "--batch", batch.toString());

    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(Json.mapper().readTree(line));
    }
    assertThat(status).isZero();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("error").path("code").asText())
        .isEqualTo("QUESTION_NOT_ANSWERABLE");
    assertThat(lines.get(1).path("question").asText()).isEqualTo("How many cities are there?");
    assertThat(lines.get(1).path("rows").get(0).get(0).asInt()).isEqualTo(3);
  }

  @Test
  void shouldFailWithUsage_whenNeitherQuestionNorBatchIsGiven() {
    int status = run("ask", "--jdbc-url", url);

    assertThat(status).isEqualTo(SqmCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--batch");
  }

  private int run(String... args) {
    return new SqmCli(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dataDir)
        .run(List.of(args));
  }
}
