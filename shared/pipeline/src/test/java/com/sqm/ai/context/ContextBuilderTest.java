package com.sqm.ai.context;

import static com.sqm.ai.context.SchemaFixtures.column;
import static com.sqm.ai.context.SchemaFixtures.key;
import static com.sqm.ai.context.SchemaFixtures.references;
import static com.sqm.ai.context.SchemaFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.ai.QuestionContext;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.FollowUp;
import com.sqm.model.QueryTemplate;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SchemaSnapshot.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContextBuilderTest {
  private static final DataSourceConfig SHOP =
      new DataSourceConfig("shop", "Shop", null, "env:X", List.of("public"), true, null);

  private static QuestionContext question(String question, SchemaSnapshot schema) {
    return new QuestionContext(question, SHOP, schema, List.of());
  }

  /** Table names in the order the schema text shows them. */
  private static List<String> tablesIn(String schemaText) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^TABLE (\\S+)").matcher(schemaText);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void shouldShowMatchingTableFirst_whenQuestionUsesItsPluralOrSingular() {
    ModelContext context =
        new ContextBuilder().build(question("which category sells best?", SchemaFixtures.shop()));

    assertThat(tablesIn(context.schema()).get(0)).isEqualTo("public.categories");
  }

  @Test
  void shouldBringForeignKeyNeighboursForward_whenTopTableJoinsOthers() {
    ModelContext context =
        new ContextBuilder().build(question("total quantity sold", SchemaFixtures.shop()));

    List<String> order = tablesIn(context.schema());
    assertThat(order.get(0)).isEqualTo("public.order_items");
    // order_items references orders and products: both before the unrelated audit table.
    assertThat(order.indexOf("public.orders")).isLessThan(order.indexOf("public.audit_log"));
    assertThat(order.indexOf("public.products")).isLessThan(order.indexOf("public.audit_log"));
  }

  @Test
  void shouldPreferTableNamedInFull_whenAnotherSharesPartOfItsName() {
    ModelContext context =
        new ContextBuilder().build(question("orders per year", SchemaFixtures.shop()));

    List<String> order = tablesIn(context.schema());
    assertThat(order.indexOf("public.orders")).isLessThan(order.indexOf("public.order_items"));
  }

  @Test
  void shouldRankTableBySampleValue_whenQuestionNamesAValue() {
    ModelContext context =
        new ContextBuilder().build(question("how many were cancelled", SchemaFixtures.shop()));

    assertThat(tablesIn(context.schema()).get(0)).isEqualTo("public.orders");
  }

  @Test
  void shouldRenderTypesKeysReferencesCommentsAndValues_whenTableIsShown() {
    ModelContext context =
        new ContextBuilder().build(question("orders by status", SchemaFixtures.shop()));

    assertThat(context.schema())
        .contains("TABLE public.orders (~1000 rows) -- one row per checkout\n")
        .contains("  id integer PRIMARY KEY\n")
        .contains("  customer_id integer REFERENCES public.customers(id)\n")
        .contains("  status text -- values: 'paid', 'shipped', 'cancelled'\n");
    assertThat(context.tablesShown()).isEqualTo(6);
    assertThat(context.tablesTotal()).isEqualTo(6);
  }

  @Test
  void shouldFitTokenBudgetAndKeepRelevantTablesWithJoins_whenSchemaHas500Tables() {
    SchemaSnapshot schema = SchemaFixtures.generated(500);
    String target = schema.tables().get(337).name();
    String parent = schema.tables().get(336).name();
    String child = schema.tables().get(338).name();
    String words = target.substring(target.indexOf('_') + 1).replace('_', ' ');

    ModelContext context =
        new ContextBuilder().build(question("total per " + words + " " + target, schema));

    assertThat(ContextBuilder.estimateTokens(context.schema()))
        .isLessThanOrEqualTo(ContextBuilder.DEFAULT_SCHEMA_TOKENS);
    assertThat(ContextBuilder.estimateTokens(context.schema()))
        .isGreaterThan(ContextBuilder.DEFAULT_SCHEMA_TOKENS * 3 / 4);
    assertThat(context.tablesTotal()).isEqualTo(500);
    assertThat(context.tablesShown()).isBetween(10, 499);
    List<String> shown = tablesIn(context.schema());
    assertThat(shown.get(0)).isEqualTo("public." + target);
    assertThat(shown).contains("public." + parent, "public." + child);
  }

  @Test
  void shouldHonourSmallerBudget_whenConfigured() {
    ModelContext context =
        new ContextBuilder(1_000, 5)
            .build(question("ledger invoice totals", SchemaFixtures.generated(500)));

    assertThat(ContextBuilder.estimateTokens(context.schema())).isLessThanOrEqualTo(1_000);
    assertThat(context.tablesShown()).isPositive();
  }

  @Test
  void shouldShowKeysAndNamedColumnsOfWideTable_whenItAloneExceedsBudget() {
    List<Column> columns = new ArrayList<>();
    columns.add(key("id"));
    for (int i = 0; i < 400; i++) {
      columns.add(column("measurement_" + i, "numeric"));
    }
    columns.add(column("region_name", "text"));
    SchemaSnapshot schema =
        new SchemaSnapshot(
            List.of(
                table("regions", null, List.of(key("id"))),
                table("readings", "sensor readings", columns, references("region_id", "regions"))));

    ModelContext context =
        new ContextBuilder(500, 5).build(question("readings per region name", schema));

    assertThat(ContextBuilder.estimateTokens(context.schema())).isLessThanOrEqualTo(500);
    assertThat(context.schema())
        .contains("TABLE public.readings", "  id integer PRIMARY KEY", "  region_name text")
        .containsPattern("-- \\d+ more columns not shown");
  }

  @Test
  void shouldUseEarlierQuestionForRelevance_whenFollowUp() {
    SchemaSnapshot schema = SchemaFixtures.generated(300);
    String earlier = schema.tables().get(120).name();
    QuestionContext followUp =
        new QuestionContext(
            "and last year?",
            SHOP,
            schema,
            List.of(),
            null,
            new FollowUp("count of " + earlier, "SELECT count(*) FROM public." + earlier, "42"));

    ModelContext context = new ContextBuilder(2_000, 5).build(followUp);

    assertThat(tablesIn(context.schema()).get(0)).isEqualTo("public." + earlier);
    assertThat(context.followUp()).isEqualTo(followUp.followUp());
  }

  @Test
  void shouldPickSameSourceExamplesMostSimilarFirst_whenMoreThanK() {
    List<QueryTemplate> examples =
        List.of(
            example(1, "shop", "how many customers are there"),
            example(2, "shop", "revenue per month in 2024"),
            example(3, "other", "revenue per month by country"),
            example(4, "shop", "top 5 products by revenue"),
            example(5, "shop", "revenue per month and country"),
            example(6, "shop", "list all categories"),
            example(7, "shop", "average order value"));
    QuestionContext context =
        new QuestionContext("revenue per country per month", SHOP, SchemaFixtures.shop(), examples);

    ModelContext model = new ContextBuilder(6_000, 3).build(context);

    assertThat(model.examples()).extracting(QueryTemplate::id).containsExactly(5L, 2L, 4L);
  }

  @Test
  void shouldKeepStoredOrder_whenExamplesAreEquallySimilar() {
    List<QueryTemplate> examples =
        List.of(
            example(1, "shop", "list all categories"), example(2, "shop", "average order value"));

    ModelContext model =
        new ContextBuilder()
            .build(new QuestionContext("weather tomorrow", SHOP, SchemaFixtures.shop(), examples));

    assertThat(model.examples()).extracting(QueryTemplate::id).containsExactly(1L, 2L);
  }

  private static QueryTemplate example(long id, String source, String question) {
    return new QueryTemplate(id, source, "t" + id, question, "SELECT " + id, null);
  }
}
