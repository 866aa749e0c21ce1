package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.QueryType;
import com.sqm.model.Visualization;
import com.sqm.pipeline.ChartSuggester;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.schema.SchemaSnapshot;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OfflineQueryEngineDemoShopIT {
  private static DataSource demo;
  private static SchemaSnapshot schema;
  private static LocalDate anchor;
  private final OfflineQueryEngine engine = new OfflineQueryEngine();
  private final ChartSuggester charts = new ChartSuggester();

  @BeforeAll
  static void seedDemoShop() {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    postgres.createDatabaseIfMissing(DemoShopDataset.DATABASE);
    demo = postgres.superuserDataSource(DemoShopDataset.DATABASE);
    DemoShopDataset.seed(demo);
    anchor = DemoShopDataset.anchorDate(demo);
    schema = new SchemaIntrospector().introspect(demo, List.of("public"));
  }

  /** The last calendar year the demo data covers in full, whatever day it was seeded on. */
  private static int fullYear() {
    return DemoShopDataset.anchorDate(
                SharedTestServices.postgres().superuserDataSource(DemoShopDataset.DATABASE))
            .getYear()
        - 1;
  }

  static Stream<Arguments> questions() {
    return Stream.of(
        Arguments.of(
            "How many customers are there?",
            QueryType.COUNT,
            ChartType.SINGLE_VALUE,
            false,
            "SELECT count(*) FROM customers"),
        Arguments.of(
            "top 5 products by revenue",
            QueryType.TOP_N,
            ChartType.BAR,
            true,
            """
            SELECT p.id, p.name, sum(i.line_total) FROM order_items i JOIN products p ON p.id = i.product_id
            GROUP BY p.id, p.name ORDER BY 3 DESC, p.id LIMIT 5"""),
        Arguments.of(
            "orders per month in " + fullYear(),
            QueryType.TIME_SERIES,
            ChartType.LINE,
            true,
            """
            SELECT date_trunc('month', order_date)::date, count(*) FROM orders
            WHERE extract(year FROM order_date) = %d GROUP BY 1 ORDER BY 1"""
                .formatted(fullYear())),
        Arguments.of(
            "average order value by country",
            QueryType.GROUPED_AGGREGATE,
            ChartType.BAR,
            false,
            """
            SELECT cu.country, avg(o.total_amount) FROM customers cu JOIN orders o ON o.customer_id = cu.id
            GROUP BY cu.country"""),
        Arguments.of(
            "which 5 customers spent most?",
            QueryType.TOP_N,
            ChartType.BAR,
            true,
            """
            SELECT cu.id, cu.name, sum(o.total_amount) FROM customers cu JOIN orders o ON o.customer_id = cu.id
            GROUP BY cu.id, cu.name ORDER BY 3 DESC, cu.id LIMIT 5"""),
        Arguments.of(
            "how many orders were cancelled?",
            QueryType.COUNT,
            ChartType.SINGLE_VALUE,
            false,
            "SELECT count(*) FROM orders WHERE status = 'cancelled'"),
        Arguments.of(
            "total revenue by product category",
            QueryType.GROUPED_AGGREGATE,
            ChartType.BAR,
            false,
            """
            SELECT p.category, sum(i.line_total) FROM order_items i JOIN products p ON p.id = i.product_id
            GROUP BY p.category"""),
        Arguments.of(
            "how many customers in Germany",
            QueryType.COUNT,
            ChartType.SINGLE_VALUE,
            false,
            "SELECT count(*) FROM customers WHERE country = 'Germany'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("questions")
  void shouldReturnSameRowsAsHandWrittenQuery_whenAskedCommonQuestion(
      String question, QueryType shape, ChartType chart, boolean ordered, String expectedSql) {
    QuestionContext context = new QuestionContext(question, dataSource(), schema, List.of());

    SqlDraft draft = engine.draft(context).value();
    AIAnalysis analysis = draft.analysis();
    String sql = draft.sql();
    DataResult actual = JdbcRows.run(demo, sql);
    DataResult expected = JdbcRows.run(demo, expectedSql);
    String summary = engine.interpret(context, analysis, sql, actual).value().summary();
    Visualization chartSuggested = charts.suggest(question, analysis, actual);

    int width = expected.columns().size();
    List<List<String>> actualRows = JdbcRows.normalised(actual, width);
    List<List<String>> expectedRows = JdbcRows.normalised(expected, width);
    assertThat(analysis.queryType()).as(sql).isEqualTo(shape);
    if (ordered) {
      assertThat(actualRows).as(sql).containsExactlyElementsOf(expectedRows);
    } else {
      assertThat(actualRows).as(sql).containsExactlyInAnyOrderElementsOf(expectedRows);
    }
    assertThat(sql).doesNotContain(";");
    assertThat(chartSuggested.chartType()).as(sql).isEqualTo(chart);
    assertThat(summary)
        .as(summary)
        .contains(chart == ChartType.LINE ? largestValueAsText(actual) : firstValueAsText(actual));
  }

  static Stream<Arguments> questionsAnsweredWrongBefore() {
    return Stream.of(
        Arguments.of(
            "Which customers have never placed an order?",
            QueryType.LIST,
            """
            SELECT c.id, c.name FROM customers c
            WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY c.id LIMIT 100"""),
        Arguments.of(
            "show me the 10 most recent orders",
            QueryType.LIST,
            "SELECT id, customer_id, order_date FROM orders ORDER BY order_date DESC, id LIMIT 10"),
        Arguments.of(
            "What share of revenue comes from Germany?",
            QueryType.AGGREGATE,
            """
            SELECT round(100.0 * sum(o.total_amount) FILTER (WHERE c.country = 'Germany') / sum(o.total_amount), 2)
            FROM orders o JOIN customers c ON c.id = o.customer_id"""),
        Arguments.of(
            "revenue last month compared to the month before",
            QueryType.AGGREGATE,
            """
            SELECT sum(total_amount) FILTER (WHERE order_date >= date_trunc('month', current_date) - interval '1 month'
                                               AND order_date < date_trunc('month', current_date)),
                   sum(total_amount) FILTER (WHERE order_date >= date_trunc('month', current_date) - interval '2 months'
                                               AND order_date < date_trunc('month', current_date) - interval '1 month')
            FROM orders"""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("questionsAnsweredWrongBefore")
  void shouldAnswerTheQuestionAsked_whenItNeedsNegationRecencyShareOrComparison(
      String question, QueryType shape, String expectedSql) {
    QuestionContext context = new QuestionContext(question, dataSource(), schema, List.of());

    SqlDraft draft = engine.draft(context).value();
    DataResult actual = JdbcRows.run(demo, draft.sql());
    DataResult expected = JdbcRows.run(demo, expectedSql);

    int width = expected.columns().size();
    assertThat(draft.analysis().queryType()).as(draft.sql()).isEqualTo(shape);
    assertThat(expected.rows()).as("the demo data must make this question meaningful").isNotEmpty();
    assertThat(expected.rows().get(0)).doesNotContainNull();
    assertThat(JdbcRows.normalised(actual, width))
        .as(draft.sql())
        .containsExactlyElementsOf(JdbcRows.normalised(expected, width));
  }

  @org.junit.jupiter.api.Test
  void shouldHaveOrdersLastMonth_whenDemoDataIsAnchoredAtItsSeedDate() {
    DataResult lastMonth =
        JdbcRows.run(
            demo,
            "SELECT count(*) FROM orders WHERE order_date >= date_trunc('month', DATE '%s') - interval '1 month'"
                    .formatted(anchor)
                + " AND order_date < date_trunc('month', DATE '%s')".formatted(anchor));

    assertThat(((Number) lastMonth.rows().get(0).get(0)).longValue()).isPositive();
  }

  /** The first row's label, or its single value, as the summary must show it. */
  private static String firstValueAsText(DataResult result) {
    List<Object> first = result.rows().get(0);
    for (Object v : first) {
      if (v instanceof String s) {
        return s;
      }
    }
    Object v = first.get(first.size() - 1);
    return v instanceof Number n && n.longValue() >= 1000
        ? String.format(java.util.Locale.ENGLISH, "%,d", n.longValue())
        : String.valueOf(v);
  }

  private static String largestValueAsText(DataResult result) {
    return String.valueOf(
        result.rows().stream()
            .mapToLong(r -> ((Number) r.get(r.size() - 1)).longValue())
            .max()
            .orElseThrow());
  }

  private static DataSourceConfig dataSource() {
    return new DataSourceConfig(
        "demo", "Demo shop", "Synthetic shop", "demo", List.of("public"), true, null);
  }
}
