package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.ai.OfflineQueryEngine;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaCatalog;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.SqlGuard;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stages between the engine and the data source on a real PostgreSQL: self-correction, the
 * guard against whatever an engine writes, fallback and degraded interpretation.
 */
class QuestionAnswererIT {
  private static final String DATABASE = "question_answerer_it";
  private static final String GOOD_SQL = "SELECT name, population FROM city ORDER BY name";
  private static EmbeddedPostgresServer postgres;
  private static DataSourcePools pools;
  private static DataSourceConfig dataSource;

  @BeforeAll
  static void createDatabase() throws SQLException {
    postgres = SharedTestServices.postgres();
    if (postgres.createDatabaseIfMissing(DATABASE)) {
      try (Connection c = postgres.superuserDataSource(DATABASE).getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            """
            CREATE TABLE city (id integer PRIMARY KEY, name text NOT NULL, population integer);
            INSERT INTO city VALUES (1, 'Lyon', 522000), (2, 'Porto', 232000);
            CREATE SCHEMA private;
            CREATE TABLE private.salary (id integer, amount integer);
            """);
      }
    }
    pools = new DataSourcePools(name -> null);
    dataSource =
        new DataSourceConfig(
            "answerer-it",
            "cities",
            null,
            postgres.jdbcUrl(DATABASE),
            List.of("public"),
            true,
            DataSourceLimits.DEFAULTS);
  }

  @AfterAll
  static void closePools() {
    pools.close();
  }

  @Test
  void shouldSendErrorBackAndAnswer_whenFirstSqlNamesAMissingColumn() {
    ScriptedEngine engine =
        new ScriptedEngine("scripted", "SELECT name, inhabitants FROM city", GOOD_SQL);

    Answer answer = answerer(EngineChoice.of(engine)).answer(request(), ProgressRecorder.NONE);

    assertThat(answer.sql()).isEqualTo(GOOD_SQL);
    assertThat(answer.result().rowCount()).isEqualTo(2);
    assertThat(answer.attempts()).extracting(SqlAttempt::succeeded).containsExactly(false, true);
    assertThat(answer.attempts().get(0).error().code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(engine.corrections()).hasSize(1);
    assertThat(engine.corrections().get(0).get(0).error().message()).contains("inhabitants");
  }

  @Test
  void shouldCorrect_whenGuardRejectsTheFirstSql() {
    ScriptedEngine engine =
        new ScriptedEngine("scripted", "SELECT * FROM city; DROP TABLE city", GOOD_SQL);

    Answer answer = answerer(EngineChoice.of(engine)).answer(request(), ProgressRecorder.NONE);

    assertThat(answer.attempts()).hasSize(2);
    assertThat(answer.attempts().get(0).error().code()).isEqualTo(ErrorCode.SQL_REJECTED);
    assertThat(answer.attempts().get(0).error().message()).contains("MULTIPLE_STATEMENTS");
  }

  @Test
  void shouldEndSqlRejectedAfterTwoCorrections_whenEngineKeepsWritingForbiddenSql()
      throws SQLException {
    ScriptedEngine engine =
        new ScriptedEngine(
            "scripted",
            "DROP TABLE city",
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT amount FROM private.salary",
            GOOD_SQL);
    RecordingProgress progress = new RecordingProgress();

    assertThatThrownBy(() -> answerer(EngineChoice.of(engine)).answer(request(), progress))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SQL_REJECTED));

    assertThat(progress.attempts()).hasSize(SqlAttemptLoop.MAX_CORRECTIONS + 1);
    assertThat(progress.attempts()).noneMatch(SqlAttempt::succeeded);
    assertThat(progress.stagesStarted()).doesNotContain(com.sqm.model.QueryStage.EXECUTING_SQL);
    assertThat(cityStillExists()).isTrue();
  }

  @Test
  void shouldNotAskForCorrection_whenQueryTimesOut() {
    DataSourceConfig impatient =
        new DataSourceConfig(
            "answerer-it-impatient",
            "impatient",
            null,
            postgres.jdbcUrl(DATABASE),
            List.of("public"),
            true,
            new DataSourceLimits(50, 100, 1_048_576, 1_000_000, 10_000_000));
    // The planner underestimates a recursive CTE, so only the statement timeout stops it.
    String slow =
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 100000000)"
            + " SELECT count(*) FROM t";
    ScriptedEngine engine = new ScriptedEngine("scripted", slow, GOOD_SQL);

    assertThatThrownBy(
            () ->
                answerer(EngineChoice.of(engine)).answer(request(impatient), ProgressRecorder.NONE))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_TIMEOUT));

    assertThat(engine.corrections()).isEmpty();
  }

  @Test
  void shouldAnswerWithFallback_whenModelIsUnavailable() {
    ScriptedEngine model =
        new ScriptedEngine(
            "model", new SqmException(ErrorCode.MODEL_UNAVAILABLE, "the model did not answer"));
    EngineChoice engines = new EngineChoice(model, Optional.of(new OfflineQueryEngine()));

    Answer answer =
        answerer(engines)
            .answer(
                new AnswerRequest("How many cities are there?", null, null, dataSource, null, 10),
                ProgressRecorder.NONE);

    assertThat(answer.engine()).isEqualTo("offline");
    assertThat(answer.result().rows().get(0).get(0)).isEqualTo(2L);
  }

  @Test
  void shouldFailModelUnavailable_whenNoFallbackIsConfigured() {
    ScriptedEngine model =
        new ScriptedEngine(
            "model", new SqmException(ErrorCode.MODEL_UNAVAILABLE, "the model did not answer"));

    assertThatThrownBy(
            () -> answerer(EngineChoice.of(model)).answer(request(), ProgressRecorder.NONE))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
  }

  @Test
  void shouldKeepRowsWithDeterministicSummary_whenInterpretationFails() {
    ScriptedEngine engine =
        new ScriptedEngine("scripted", GOOD_SQL)
            .failingToInterpret(
                new SqmException(ErrorCode.MODEL_UNAVAILABLE, "the model did not answer"));

    Answer answer = answerer(EngineChoice.of(engine)).answer(request(), ProgressRecorder.NONE);

    assertThat(answer.result().rowCount()).isEqualTo(2);
    assertThat(answer.summary()).isNotBlank().doesNotContain("The answer has");
  }

  @Test
  void shouldReportUsageOfEveryModelCall_whenAnswerNeededACorrection() {
    ScriptedEngine engine = new ScriptedEngine("scripted", "SELECT nme FROM city", GOOD_SQL);
    RecordingProgress progress = new RecordingProgress();

    Answer answer = answerer(EngineChoice.of(engine)).answer(request(), progress);

    // draft, correction, interpretation
    assertThat(engine.calls()).isEqualTo(3);
    assertThat(answer.usage().promptTokens())
        .isEqualTo(3 * ScriptedEngine.USAGE_PER_CALL.promptTokens());
    assertThat(progress.totalUsage()).isEqualTo(answer.usage());
  }

  private static AnswerRequest request() {
    return request(dataSource);
  }

  private static AnswerRequest request(DataSourceConfig ds) {
    return new AnswerRequest("population of each city", null, null, ds, List.of(), 100);
  }

  private static QuestionAnswerer answerer(EngineChoice engines) {
    return new QuestionAnswerer(
        new SchemaCatalog(new SchemaIntrospector(), Duration.ofMinutes(5), Clock.systemUTC()),
        pools,
        engines,
        new SqlGuard(),
        new AnswerPresenter(),
        Clock.systemUTC());
  }

  private static boolean cityStillExists() throws SQLException {
    try (Connection c = postgres.superuserDataSource(DATABASE).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM city")) {
      return rs.next() && rs.getLong(1) == 2;
    }
  }
}
