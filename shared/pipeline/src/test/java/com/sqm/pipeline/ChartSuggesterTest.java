package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.ai.ChartChoice;
import com.sqm.model.ChartType;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.Visualization;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartSuggesterTest {
  private final ChartSuggester charts = new ChartSuggester();

  @Test
  void shouldSuggestBar_whenCategoryAndNumber() {
    DataResult result =
        result(
            List.of(col("category", "text"), col("total", "numeric")),
            List.of(
                List.of("Books", new BigDecimal("10.50")),
                List.of("Garden", new BigDecimal("7.25"))));

    Visualization v = charts.suggest("revenue by category?", null, result);

    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
    assertThat(v.title()).isEqualTo("Revenue by category");
    JsonNode spec = v.spec();
    assertThat(spec.path("$schema").asText())
        .isEqualTo("https://vega.github.io/schema/vega-lite/v6.json");
    assertThat(spec.path("mark").path("type").asText()).isEqualTo("bar");
    assertThat(spec.path("encoding").path("x").path("type").asText()).isEqualTo("nominal");
    assertThat(spec.path("encoding").path("y").path("field").asText()).isEqualTo("total");
    assertThat(spec.path("data").path("values").get(0).path("total").decimalValue())
        .isEqualByComparingTo("10.50");
  }

  @Test
  void shouldSuggestLine_whenDatesAndNumbers() {
    DataResult result =
        result(
            List.of(col("bucket", "date"), col("n", "int8")),
            List.of(
                List.of(java.sql.Date.valueOf(LocalDate.of(2025, 1, 1)), 3L),
                List.of(java.sql.Date.valueOf(LocalDate.of(2025, 2, 1)), 5L)));

    Visualization v = charts.suggest("orders per month", null, result);

    assertThat(v.chartType()).isEqualTo(ChartType.LINE);
    assertThat(v.spec().path("encoding").path("x").path("type").asText()).isEqualTo("temporal");
    assertThat(v.spec().path("data").path("values").get(1).path("bucket").asText())
        .isEqualTo("2025-02-01");
  }

  @Test
  void shouldSuggestSingleValue_whenOneNumber() {
    DataResult result = result(List.of(col("number_of_customers", "int8")), List.of(List.of(500L)));

    Visualization v = charts.suggest("How many customers?", null, result);

    assertThat(v.chartType()).isEqualTo(ChartType.SINGLE_VALUE);
    assertThat(v.spec().path("mark").path("type").asText()).isEqualTo("text");
    assertThat(v.spec().path("data").path("values").get(0).path("number_of_customers").asLong())
        .isEqualTo(500);
  }

  @Test
  void shouldRankByMeasureNotIdentifier_whenResultHasIdNameAndTotal() {
    DataResult result =
        result(
            List.of(col("id", "int4"), col("name", "text"), col("total", "numeric")),
            List.of(
                List.of(7, "Ann", new BigDecimal("90")), List.of(3, "Ann", new BigDecimal("80"))));

    Visualization v = charts.suggest("top customers", null, result);

    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
    assertThat(v.spec().path("encoding").path("y").path("field").asText()).isEqualTo("total");
    assertThat(v.spec().path("data").path("values").get(1).path("label").asText())
        .isEqualTo("Ann (#3)");
  }

  @Test
  void shouldSuggestTableWithoutSpec_whenNoNumberToPlot() {
    DataResult result =
        result(
            List.of(col("name", "text"), col("email", "text")),
            List.of(List.of("Ann", "a@x"), List.of("Bo", "b@x")));

    Visualization v = charts.suggest("list customers", null, result);

    assertThat(v.chartType()).isEqualTo(ChartType.TABLE);
    assertThat(v.spec()).isNull();
  }

  @Test
  void shouldDrawMultiSeriesLine_whenChoiceNamesDateNumberAndCategory() {
    DataResult result =
        result(
            List.of(col("month", "date"), col("country", "text"), col("orders", "int8")),
            List.of(
                List.of(java.sql.Date.valueOf(LocalDate.of(2025, 1, 1)), "DE", 3L),
                List.of(java.sql.Date.valueOf(LocalDate.of(2025, 1, 1)), "FR", 4L),
                List.of(java.sql.Date.valueOf(LocalDate.of(2025, 2, 1)), "DE", 5L),
                List.of(java.sql.Date.valueOf(LocalDate.of(2025, 2, 1)), "FR", 2L)));

    Visualization v =
        charts.suggest(
            "orders per month by country",
            null,
            result,
            new ChartChoice(ChartType.LINE, "month", "orders", "country", null));

    assertThat(v.chartType()).isEqualTo(ChartType.LINE);
    JsonNode encoding = v.spec().path("encoding");
    assertThat(encoding.path("x").path("type").asText()).isEqualTo("temporal");
    assertThat(encoding.path("color").path("field").asText()).isEqualTo("country");
    assertThat(encoding.path("color").path("type").asText()).isEqualTo("nominal");
  }

  @Test
  void shouldDrawHorizontalBar_whenChoicePutsNumberOnX() {
    Visualization v =
        charts.suggest(
            "revenue by category",
            null,
            categories(),
            new ChartChoice(ChartType.BAR, "total", "category", null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
    JsonNode encoding = v.spec().path("encoding");
    assertThat(encoding.path("x").path("field").asText()).isEqualTo("total");
    assertThat(encoding.path("x").path("type").asText()).isEqualTo("quantitative");
    assertThat(encoding.path("y").path("field").asText()).isEqualTo("category");
    assertThat(encoding.path("y").path("sort").asText()).isEqualTo("-x");
  }

  @Test
  void shouldStackBars_whenChoiceHasColorAndMoreRowsThanBarCap() {
    List<List<Object>> rows = new java.util.ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      for (String country : List.of("DE", "FR", "IT", "ES", "NL")) {
        rows.add(List.of("2025-" + (m < 10 ? "0" : "") + m, country, (long) m));
      }
    }
    DataResult result =
        result(List.of(col("month", "text"), col("country", "text"), col("orders", "int8")), rows);

    Visualization v =
        charts.suggest(
            "orders per month by country",
            null,
            result,
            new ChartChoice(ChartType.BAR, "month", "orders", "country", null));

    assertThat(rows).hasSizeGreaterThan(ChartSuggester.MAX_BARS);
    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
    assertThat(v.spec().path("encoding").path("color").path("field").asText()).isEqualTo("country");
  }

  @Test
  void shouldDrawPie_whenChoiceNamesCategoryAndNonNegativeParts() {
    Visualization v =
        charts.suggest(
            "share of revenue by category",
            null,
            categories(),
            new ChartChoice(ChartType.PIE, "category", "total", null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.PIE);
    assertThat(v.spec().path("mark").path("type").asText()).isEqualTo("arc");
    assertThat(v.spec().path("encoding").path("theta").path("field").asText()).isEqualTo("total");
    assertThat(v.spec().path("encoding").path("color").path("field").asText())
        .isEqualTo("category");
  }

  @Test
  void shouldFallBackToColumns_whenPieChoiceHasNegativePart() {
    DataResult result =
        result(
            List.of(col("category", "text"), col("margin", "numeric")),
            List.of(
                List.of("Books", new BigDecimal("10.50")),
                List.of("Garden", new BigDecimal("-7.25"))));

    Visualization v =
        charts.suggest(
            "margin by category",
            null,
            result,
            new ChartChoice(ChartType.PIE, "category", "margin", null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
  }

  @Test
  void shouldDrawScatter_whenChoiceNamesTwoNumbers() {
    DataResult result =
        result(
            List.of(col("price", "numeric"), col("units", "int8"), col("brand", "text")),
            List.of(
                List.of(new BigDecimal("9.99"), 120L, "A"),
                List.of(new BigDecimal("19.99"), 80L, "B"),
                List.of(new BigDecimal("4.50"), 300L, "A")));

    Visualization v =
        charts.suggest(
            "price against units sold",
            null,
            result,
            new ChartChoice(ChartType.SCATTER, "price", "units", "brand", null));

    assertThat(v.chartType()).isEqualTo(ChartType.SCATTER);
    assertThat(v.spec().path("mark").path("type").asText()).isEqualTo("point");
    assertThat(v.spec().path("encoding").path("y").path("field").asText()).isEqualTo("units");
  }

  @Test
  void shouldFallBackToColumns_whenChoiceNamesMissingColumn() {
    Visualization v =
        charts.suggest(
            "revenue by category",
            null,
            categories(),
            new ChartChoice(ChartType.LINE, "month", "revenue", null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
    assertThat(v.spec().path("encoding").path("y").path("field").asText()).isEqualTo("total");
  }

  @Test
  void shouldFallBackToColumns_whenLineChoiceHasTextMeasure() {
    Visualization v =
        charts.suggest(
            "revenue by category",
            null,
            categories(),
            new ChartChoice(ChartType.LINE, "total", "category", null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
    assertThat(v.spec().path("encoding").path("x").path("field").asText()).isEqualTo("category");
  }

  @Test
  void shouldMatchChoiceColumnIgnoringCase_whenOnlyCaseDiffers() {
    Visualization v =
        charts.suggest(
            "revenue by category",
            null,
            categories(),
            new ChartChoice(ChartType.PIE, "Category", "TOTAL", null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.PIE);
  }

  @Test
  void shouldSuggestTable_whenChoiceIsTable() {
    Visualization v =
        charts.suggest(
            "revenue by category",
            null,
            categories(),
            new ChartChoice(ChartType.TABLE, null, null, null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.TABLE);
    assertThat(v.spec()).isNull();
  }

  @Test
  void shouldSuggestTable_whenRowsExceedInlineCap() {
    ChartSuggester capped = new ChartSuggester(new VegaLiteValidator(1));

    Visualization v = capped.suggest("revenue by category", null, categories());

    assertThat(v.chartType()).isEqualTo(ChartType.TABLE);
    assertThat(v.spec()).isNull();
  }

  @Test
  void shouldUseChoiceTitle_whenEngineGaveOne() {
    Visualization v =
        charts.suggest(
            "revenue by category?",
            null,
            categories(),
            new ChartChoice(ChartType.BAR, "category", "total", null, "Revenue per category"));

    assertThat(v.title()).isEqualTo("Revenue per category");
    assertThat(v.spec().path("title").asText()).isEqualTo("Revenue per category");
  }

  @Test
  void shouldEscapeFieldAndInlineOnlyPlottedColumns_whenColumnNameHasDot() {
    DataResult result =
        result(
            List.of(col("note", "text"), col("c.name", "text"), col("sum(x)", "numeric")),
            List.of(
                List.of("n1", "Books", new BigDecimal("3")),
                List.of("n2", "Garden", new BigDecimal("4"))));

    Visualization v =
        charts.suggest(
            "x by name",
            null,
            result,
            new ChartChoice(ChartType.BAR, "c.name", "sum(x)", null, null));

    assertThat(v.chartType()).isEqualTo(ChartType.BAR);
    assertThat(v.spec().path("encoding").path("x").path("field").asText()).isEqualTo("c\\.name");
    JsonNode row = v.spec().path("data").path("values").get(0);
    assertThat(row.path("c.name").asText()).isEqualTo("Books");
    assertThat(row.has("note")).isFalse();
  }

  private static DataResult categories() {
    return result(
        List.of(col("category", "text"), col("total", "numeric")),
        List.of(
            List.of("Books", new BigDecimal("10.50")),
            List.of("Garden", new BigDecimal("7.25")),
            List.of("Toys", new BigDecimal("3.00"))));
  }

  private static ColumnMeta col(String name, String type) {
    return new ColumnMeta(name, type);
  }

  private static DataResult result(List<ColumnMeta> columns, List<List<Object>> rows) {
    return new DataResult(columns, rows, rows.size(), false);
  }
}
