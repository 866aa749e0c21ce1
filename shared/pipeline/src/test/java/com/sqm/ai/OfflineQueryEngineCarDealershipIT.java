package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.QueryType;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SqlIdentifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generality check: the engine on a schema it was not written against (the benchmark's car
 * dealership, with the column descriptions a user would attach applied as comments).
 */
class OfflineQueryEngineCarDealershipIT {
  private static final Path EVAL_DB = repositoryRoot().resolve("eval/dev/databases/car_dealership");
  private static DataSource db;
  private static SchemaSnapshot schema;
  private final OfflineQueryEngine engine = new OfflineQueryEngine();

  @BeforeAll
  static void loadCarDealership() throws IOException, SQLException {
    Path sql = EVAL_DB.resolve("car_dealership.sql");
    assertThat(sql).as("evaluation data kept in the repository").isRegularFile();
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    boolean created = postgres.createDatabaseIfMissing("car_dealership");
    db = postgres.superuserDataSource("car_dealership");
    if (created) {
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.execute(Files.readString(sql));
        applyDescriptions(
            s, new ObjectMapper().readTree(EVAL_DB.resolve("car_dealership.json").toFile()));
        s.execute("ANALYZE");
      }
    }
    schema = new SchemaIntrospector().introspect(db, List.of("public"));
  }

  /** The folder holding {@code mvnw}, found upwards from wherever Maven runs the tests. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no mvnw above " + Path.of("").toAbsolutePath() + ": not inside the repository");
  }

  private static void applyDescriptions(Statement s, JsonNode metadata) throws SQLException {
    for (Map.Entry<String, JsonNode> table : metadata.path("table_metadata").properties()) {
      for (JsonNode column : table.getValue()) {
        String description = column.path("column_description").asText("");
        if (!description.isBlank()) {
          s.execute(
              "COMMENT ON COLUMN "
                  + SqlIdentifiers.quote(table.getKey())
                  + "."
                  + SqlIdentifiers.quote(column.path("column_name").asText())
                  + " IS "
                  + SqlIdentifiers.literal(description));
        }
      }
    }
  }

  static Stream<Arguments> questions() {
    return Stream.of(
        Arguments.of(
            "How many customers are there?",
            QueryType.COUNT,
            false,
            "SELECT count(*) FROM customers"),
        Arguments.of(
            "What are the top 3 payment methods by total payment amount received?",
            QueryType.TOP_N,
            true,
            "SELECT payment_method, sum(payment_amount) FROM payments_received GROUP BY 1 ORDER BY 2 DESC LIMIT 3"),
        Arguments.of(
            "Return the top 5 states by total revenue",
            QueryType.TOP_N,
            true,
            "SELECT c.state, sum(s.sale_price) FROM sales s JOIN customers c ON c.id = s.customer_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5"),
        Arguments.of(
            "Who are the top 5 salespersons by total sales amount?",
            QueryType.TOP_N,
            true,
            """
            SELECT sp.id, sp.first_name, sp.last_name, sum(s.sale_price) FROM sales s JOIN salespersons sp ON sp.id = s.salesperson_id
            GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1 LIMIT 5"""),
        Arguments.of(
            "average sale price by car make",
            QueryType.GROUPED_AGGREGATE,
            false,
            "SELECT c.make, round(avg(s.sale_price), 2) FROM sales s JOIN cars c ON c.id = s.car_id GROUP BY 1"),
        Arguments.of(
            "how many cars per engine type",
            QueryType.GROUPED_AGGREGATE,
            false,
            "SELECT engine_type, count(*) FROM cars GROUP BY 1"),
        Arguments.of(
            "how many payments were received by credit card",
            QueryType.COUNT,
            false,
            "SELECT count(*) FROM payments_received WHERE payment_method = 'credit_card'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("questions")
  void shouldMatchHandWrittenQuery_whenSchemaIsUnseen(
      String question, QueryType shape, boolean ordered, String expectedSql) {
    QuestionContext context = new QuestionContext(question, config(), schema, List.of());

    SqlDraft draft = engine.draft(context).value();
    AIAnalysis analysis = draft.analysis();
    String sql = draft.sql();
    DataResult actual = JdbcRows.run(db, sql);
    DataResult expected = JdbcRows.run(db, expectedSql);

    int width = expected.columns().size();
    assertThat(analysis.queryType()).as(sql).isEqualTo(shape);
    if (ordered) {
      assertThat(JdbcRows.normalised(actual, width))
          .as(sql)
          .containsExactlyElementsOf(JdbcRows.normalised(expected, width));
    } else {
      assertThat(JdbcRows.normalised(actual, width))
          .as(sql)
          .containsExactlyInAnyOrderElementsOf(JdbcRows.normalised(expected, width));
    }
  }

  private static DataSourceConfig config() {
    return new DataSourceConfig(
        "cars", "Car dealership", "", "cars", List.of("public"), true, null);
  }
}
