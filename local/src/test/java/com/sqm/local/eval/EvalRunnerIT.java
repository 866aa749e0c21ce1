package com.sqm.local.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.config.Json;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.sql.DataSourcePools;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner end to end on one small database of the dev split, with a scripted engine behind the
 * product's path (guard, reader role, bounded execution): some questions get their gold SQL, some
 * wrong or failing SQL, some are declined; the tallies must add up.
 */
class EvalRunnerIT {
  private static final String DB = "yelp";

  private static EmbeddedPostgresServer postgres;
  private static EvalDataset dataset;
  private static DataSourcePools pools;

  @BeforeAll
  static void start() {
    postgres = SharedTestServices.postgres();
    dataset = new EvalDatasetReader().read(DevSplit.root());
    pools = new DataSourcePools(name -> null);
  }

  @AfterAll
  static void stop() {
    pools.close();
  }

  @Test
  void shouldTallyAccuracyCoverageAndPrecision_whenAnswersAreScripted() {
    List<EvalQuestion> questions =
        dataset.questions().stream().filter(q -> q.database().equals(DB)).limit(7).toList();
    List<String> gold0 = GoldPatterns.expand(questions.get(0).goldQuery());
    Map<String, Function<QuestionContext, String>> script = new HashMap<>();
    script.put(questions.get(0).question(), c -> gold0.get(gold0.size() - 1));
    script.put(
        questions.get(1).question(), c -> GoldPatterns.expand(questions.get(1).goldQuery()).get(0));
    script.put(questions.get(2).question(), c -> "SELECT 'not the answer' AS answer");
    script.put(questions.get(3).question(), c -> "DELETE FROM business");
    script.put(questions.get(4).question(), c -> "SELECT no_such_column FROM business");
    script.put(
        questions.get(5).question(),
        c -> {
          throw new SqmException(ErrorCode.QUESTION_NOT_ANSWERABLE, "not in this schema");
        });
    script.put(
        questions.get(6).question(),
        c -> {
          throw new SqmException(ErrorCode.ENGINE_ERROR, "the engine broke");
        });
    EvalDatabases databases = new EvalDatabases(postgres, dataset, "eval-it-password");
    EvalRunner runner =
        new EvalRunner(
            new EngineEvalAsker(new ScriptedEngine(script), pools, new SchemaIntrospector()),
            databases::get,
            new GoldQueryRunner(30_000),
            new ResultComparator());
    List<QuestionOutcome> heard = new ArrayList<>();

    EvalReport report = runner.run(questions, "scripted", "dev", heard::add);

    assertThat(report.questions())
        .extracting(QuestionOutcome::verdict)
        .containsExactly(
            Verdict.CORRECT,
            Verdict.CORRECT,
            Verdict.WRONG,
            Verdict.FAILED,
            Verdict.FAILED,
            Verdict.DECLINED,
            Verdict.DECLINED);
    assertThat(report.questions())
        .extracting(QuestionOutcome::errorCode)
        .containsExactly(
            null,
            null,
            null,
            "SQL_REJECTED",
            "DATASOURCE_ERROR",
            "QUESTION_NOT_ANSWERABLE",
            "ENGINE_ERROR");
    assertThat(heard).isEqualTo(report.questions());
    EvalTally overall = report.overall();
    assertThat(overall).isEqualTo(new EvalTally(7, 5, 2, 2));
    assertThat(overall.accuracy()).isEqualTo(2.0 / 7);
    assertThat(overall.coverage()).isEqualTo(5.0 / 7);
    assertThat(overall.precision()).isEqualTo(2.0 / 5);
    assertThat(report.byDatabase()).containsOnlyKeys(DB).containsEntry(DB, overall);
    assertThat(report.byCategory().values().stream().mapToInt(EvalTally::questions).sum())
        .isEqualTo(7);
    assertThat(report.goldErrors()).isZero();
  }

  @Test
  void shouldApplyDescriptionsAndReuseTheDatabase_whenLoadedTwice()
      throws SQLException, IOException {
    LoadedDatabase first = new EvalDatabases(postgres, dataset, "pw-one").get("broker");
    int comments = columnComments(first);

    LoadedDatabase second = new EvalDatabases(postgres, dataset, "pw-two").get("broker");

    // the JSON names tables sbCustomer, Postgres folded them to sbcustomer: matched anyway
    assertThat(comments).isEqualTo(describedColumns("broker")).isPositive();
    assertThat(columnComments(second)).isEqualTo(comments);
    assertThat(tableCount(second)).isEqualTo(tableCount(first));
    assertThat(second.dataSource().connectionRef()).contains("user=" + EvalDatabases.READER_ROLE);
  }

  private static int describedColumns(String db) throws IOException {
    JsonNode metadata =
        Json.mapper().readTree(dataset.databaseDir(db).resolve(db + ".json").toFile());
    int described = 0;
    for (JsonNode columns : metadata.path("table_metadata")) {
      for (JsonNode column : columns) {
        described += column.path("column_description").asText("").isBlank() ? 0 : 1;
      }
    }
    return described;
  }

  private static int columnComments(LoadedDatabase db) throws SQLException {
    return count(
        db,
        "SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = 'public' AND d.objsubid > 0");
  }

  private static int tableCount(LoadedDatabase db) throws SQLException {
    return count(
        db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
  }

  private static int count(LoadedDatabase db, String sql) throws SQLException {
    try (Connection c = db.gold().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Answers each question with the SQL its script gives (or the failure it throws). */
  private record ScriptedEngine(Map<String, Function<QuestionContext, String>> script)
      implements QueryEngine {
    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public EngineAnswer<SqlDraft> draft(QuestionContext context) {
      String sql = script.get(context.question()).apply(context);
      return EngineAnswer.free(new SqlDraft(null, sql));
    }

    @Override
    public Optional<EngineAnswer<SqlDraft>> correct(
        QuestionContext context, List<SqlAttempt> failures) {
      return Optional.empty();
    }

    @Override
    public EngineAnswer<Interpretation> interpret(
        QuestionContext context, AIAnalysis analysis, String sql, DataResult result) {
      throw new UnsupportedOperationException("the evaluation does not interpret results");
    }
  }
}
