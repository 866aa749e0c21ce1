package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.ai.ChartChoice;
import com.sqm.config.Json;
import com.sqm.model.ChartType;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.Visualization;
import com.sqm.pipeline.VegaLiteValidator.Validation;
import com.sqm.pipeline.VegaLiteValidator.Violation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VegaLiteValidatorTest {
  private static final List<String> COLUMNS = List.of("category", "total");

  private final VegaLiteValidator validator = new VegaLiteValidator();

  static Stream<Arguments> chartsTheSuggesterMakes() {
    List<ColumnMeta> columns =
        List.of(
            new ColumnMeta("month", "date"),
            new ColumnMeta("category", "text"),
            new ColumnMeta("total", "numeric"),
            new ColumnMeta("units", "int8"));
    List<List<Object>> rows = new ArrayList<>();
    for (int m = 1; m <= 3; m++) {
      rows.add(
          List.of(
              java.sql.Date.valueOf(LocalDate.of(2025, m, 1)),
              "c" + m,
              new BigDecimal(m + ".5"),
              10L * m));
    }
    DataResult many = new DataResult(columns, rows, rows.size(), false);
    DataResult one =
        new DataResult(List.of(new ColumnMeta("n", "int8")), List.of(List.of(7L)), 1, false);
    return Stream.of(
        Arguments.of(one, null, ChartType.SINGLE_VALUE),
        Arguments.of(
            many, new ChartChoice(ChartType.LINE, "month", "total", null, null), ChartType.LINE),
        Arguments.of(
            many,
            new ChartChoice(ChartType.LINE, "month", "total", "category", null),
            ChartType.LINE),
        Arguments.of(
            many, new ChartChoice(ChartType.LINE, "category", "total", null, null), ChartType.LINE),
        Arguments.of(
            many, new ChartChoice(ChartType.BAR, "category", "total", null, null), ChartType.BAR),
        Arguments.of(
            many, new ChartChoice(ChartType.BAR, "units", "category", null, null), ChartType.BAR),
        Arguments.of(
            many,
            new ChartChoice(ChartType.BAR, "month", "total", "category", null),
            ChartType.BAR),
        Arguments.of(
            many, new ChartChoice(ChartType.PIE, "category", "total", null, null), ChartType.PIE),
        Arguments.of(
            many,
            new ChartChoice(ChartType.SCATTER, "total", "units", "category", null),
            ChartType.SCATTER),
        Arguments.of(
            many,
            new ChartChoice(ChartType.SCATTER, "total", "units", "units", null),
            ChartType.BAR));
  }

  @ParameterizedTest
  @MethodSource("chartsTheSuggesterMakes")
  void shouldAcceptSpec_whenChartSuggesterWroteIt(
      DataResult result, ChartChoice choice, ChartType expected) {
    Visualization chart = new ChartSuggester(validator).suggest("q", null, result, choice);

    Validation validation = validator.validate(chart.spec(), names(result));

    assertThat(chart.chartType()).isEqualTo(expected);
    assertThat(validation.violations()).isEmpty();
  }

  @Test
  void shouldAcceptSpec_whenTooltipAndSortNameColumns() {
    ObjectNode spec = bar();
    spec.withObjectProperty("encoding").putArray("tooltip").addObject().put("field", "total");

    assertThat(validator.validate(spec, COLUMNS).valid()).isTrue();
  }

  @Test
  void shouldReportSchemaViolation_whenChannelHasUnknownProperty() {
    ObjectNode spec = bar();
    spec.withObjectProperty("encoding").withObjectProperty("x").put("colour", "red");

    Validation validation = validator.validate(spec, COLUMNS);

    assertThat(validation.valid()).isFalse();
    assertThat(validation.violations())
        .anySatisfy(v -> assertThat(v.message()).startsWith("schema:").contains("colour"));
  }

  @Test
  void shouldReportSchemaViolation_whenMarkIsUnknown() {
    ObjectNode spec = bar();
    spec.withObjectProperty("mark").put("type", "sparkle");

    assertThat(paths(validator.validate(spec, COLUMNS))).anyMatch(p -> p.startsWith("/mark"));
  }

  @Test
  void shouldReject_whenFieldIsNotAResultColumn() {
    ObjectNode spec = bar();
    spec.withObjectProperty("encoding").withObjectProperty("y").put("field", "revenue");

    assertThat(paths(validator.validate(spec, COLUMNS))).contains("/encoding/y/field");
  }

  @Test
  void shouldReject_whenLayerHasOwnDataOrUnknownField() throws Exception {
    ObjectNode spec = bar();
    spec.set(
        "layer",
        Json.mapper()
            .readTree(
                "[{\"mark\":\"rule\",\"data\":{\"values\":[{\"v\":1}]},"
                    + "\"encoding\":{\"y\":{\"field\":\"secret\",\"type\":\"quantitative\"}}}]"));

    assertThat(paths(validator.validate(spec, COLUMNS)))
        .contains("/layer/0/data", "/layer/0/encoding/y/field");
  }

  @Test
  void shouldReject_whenDataComesFromUrl() {
    ObjectNode spec = bar();
    spec.withObjectProperty("data").removeAll().put("url", "https://example.com/rows.json");

    assertThat(paths(validator.validate(spec, COLUMNS))).contains("/data", "/data/url");
  }

  @Test
  void shouldReject_whenPropertyIsAnExpression() {
    ObjectNode spec = bar();
    spec.withObjectProperty("mark").putObject("opacity").put("expr", "random()");

    assertThat(paths(validator.validate(spec, COLUMNS))).contains("/mark/opacity/expr");
  }

  @Test
  void shouldReject_whenSpecCalculatesOrFilters() throws Exception {
    ObjectNode spec = bar();
    spec.set(
        "transform",
        Json.mapper()
            .readTree(
                "[{\"calculate\":\"datum.total * 2\",\"as\":\"t2\"},{\"filter\":\"datum.total > 1\"}]"));

    assertThat(paths(validator.validate(spec, COLUMNS))).contains("/transform");
  }

  @Test
  void shouldReject_whenSpecDeclaresParamsOrConditionTest() throws Exception {
    ObjectNode spec = bar();
    spec.set("params", Json.mapper().readTree("[{\"name\":\"p\",\"expr\":\"now()\"}]"));
    spec.withObjectProperty("encoding")
        .set(
            "opacity",
            Json.mapper()
                .readTree(
                    "{\"condition\":{\"test\":\"datum.total > 5\",\"value\":1},\"value\":0.3}"));

    assertThat(paths(validator.validate(spec, COLUMNS)))
        .contains("/params", "/encoding/opacity/condition/test");
  }

  @Test
  void shouldReject_whenEncodingLinksOut() {
    ObjectNode spec = bar();
    spec.withObjectProperty("encoding").putObject("href").put("field", "category");

    assertThat(paths(validator.validate(spec, COLUMNS))).contains("/encoding/href");
  }

  @Test
  void shouldAcceptColumnNamedLikeAForbiddenKey_whenItIsOnlyData() {
    ObjectNode spec = bar();
    spec.withObjectProperty("data")
        .withArray("values")
        .forEach(row -> ((ObjectNode) row).put("url", "x"));

    assertThat(validator.validate(spec, COLUMNS).valid()).isTrue();
  }

  @Test
  void shouldReject_whenInlineRowsExceedCap() {
    VegaLiteValidator capped = new VegaLiteValidator(1);

    assertThat(paths(capped.validate(bar(), COLUMNS))).containsExactly("/data/values");
  }

  @Test
  void shouldReject_whenSpecDeclaresAnotherSchemaVersion() {
    ObjectNode spec = bar();
    spec.put("$schema", "https://vega.github.io/schema/vega-lite/v5.json");

    assertThat(paths(validator.validate(spec, COLUMNS))).containsExactly("/$schema");
  }

  @Test
  void shouldReject_whenSpecIsNotAnObject() {
    assertThat(validator.validate(Json.mapper().createArrayNode(), COLUMNS).valid()).isFalse();
  }

  @Test
  void shouldMatchEscapedField_whenColumnNameHasDotsOrBrackets() {
    assertThat(VegaLiteValidator.field("a.b[0]\\c")).isEqualTo("a\\.b\\[0\\]\\\\c");
    ObjectNode spec = bar();
    spec.withObjectProperty("encoding")
        .withObjectProperty("x")
        .put("field", VegaLiteValidator.field("c.category"));

    assertThat(validator.validate(spec, List.of("c.category", "total")).valid()).isTrue();
  }

  private static ObjectNode bar() {
    try {
      return (ObjectNode)
          Json.mapper()
              .readTree(
                  """
                  {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "title": "t",
                   "data": {"values": [{"category": "a", "total": 1}, {"category": "b", "total": 2}]},
                   "mark": {"type": "bar"},
                   "encoding": {"x": {"field": "category", "type": "nominal", "sort": "-y"},
                                "y": {"field": "total", "type": "quantitative"}}}
                  """);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> paths(Validation validation) {
    return validation.violations().stream().map(Violation::path).toList();
  }

  private static List<String> names(DataResult result) {
    return Stream.concat(result.columns().stream().map(ColumnMeta::name), Stream.of("label"))
        .toList();
  }
}
