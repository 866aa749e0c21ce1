package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
        .isEqualTo("https://vega.github.io/schema/vega-lite/v5.json");
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

  private static ColumnMeta col(String name, String type) {
    return new ColumnMeta(name, type);
  }

  private static DataResult result(List<ColumnMeta> columns, List<List<Object>> rows) {
    return new DataResult(columns, rows, rows.size(), false);
  }
}
