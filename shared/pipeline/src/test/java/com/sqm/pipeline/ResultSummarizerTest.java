package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.model.AIAnalysis;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.QueryType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultSummarizerTest {
  private final ResultSummarizer summarizer = new ResultSummarizer();

  @Test
  void shouldStateTheCount_whenResultIsOneCount() {
    DataResult result =
        new DataResult(
            List.of(new ColumnMeta("number_of_customers", "int8")),
            List.of(List.of(500L)),
            1,
            false);

    String text = summarizer.summarize("How many customers?", analysis(QueryType.COUNT), result);

    assertThat(text).isEqualTo("There are 500 customers.");
  }

  @Test
  void shouldStateEveryFigure_whenOneRowComparesTwoPeriods() {
    DataResult result =
        new DataResult(
            List.of(
                new ColumnMeta("revenue_last_month", "numeric"),
                new ColumnMeta("revenue_previous_month", "numeric"),
                new ColumnMeta("change_pct", "numeric")),
            List.of(
                List.of(
                    new BigDecimal("1200.50"), new BigDecimal("1000.00"), new BigDecimal("20.1"))),
            1,
            false);

    String text =
        summarizer.summarize(
            "revenue last month compared to the month before",
            analysis(QueryType.AGGREGATE),
            result);

    assertThat(text)
        .isEqualTo(
            "Revenue last month: 1,200.50. Also: revenue previous month 1,000; change pct 20.10.");
  }

  @Test
  void shouldNameTopRowsAndShare_whenResultIsRanking() {
    DataResult result =
        new DataResult(
            List.of(
                new ColumnMeta("name", "text"),
                new ColumnMeta("total_revenue", "numeric"),
                new ColumnMeta("share_of_total_pct", "numeric")),
            List.of(
                List.of("Blender", new BigDecimal("12345.60"), new BigDecimal("25.5")),
                List.of("Toaster", new BigDecimal("9000.00"), new BigDecimal("15.5"))),
            2,
            false);

    String text =
        summarizer.summarize("top 2 products by revenue", analysis(QueryType.TOP_N), result);

    assertThat(text)
        .isEqualTo(
            "Top 2 by total revenue: Blender (12,345.60), Toaster (9,000); together 41% of the total.");
  }

  @Test
  void shouldDescribeRangeAndTrend_whenResultIsTimeSeries() {
    List<List<Object>> rows = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      rows.add(List.of(java.sql.Date.valueOf(LocalDate.of(2025, m, 1)), 170L + 10L * m));
    }
    DataResult result =
        new DataResult(
            List.of(new ColumnMeta("month", "date"), new ColumnMeta("number_of_orders", "int8")),
            rows,
            12,
            false);

    String text =
        summarizer.summarize("orders per month in 2025", analysis(QueryType.TIME_SERIES), result);

    assertThat(text)
        .isEqualTo(
            "Number of orders over 12 periods (January 2025 to December 2025) ranged from 180 (January 2025)"
                + " to 290 (December 2025); the trend is rising.");
  }

  @Test
  void shouldSayNothingMatched_whenResultIsEmpty() {
    DataResult result =
        new DataResult(List.of(new ColumnMeta("name", "text")), List.of(), 0, false);

    String text = summarizer.summarize("customers in Atlantis", analysis(QueryType.LIST), result);

    assertThat(text).isEqualTo("No rows match the question.");
  }

  @Test
  void shouldWarnAboutCutShortRows_whenResultIsTruncated() {
    DataResult result =
        new DataResult(
            List.of(new ColumnMeta("name", "text")),
            List.of(List.of("Ann"), List.of("Bo")),
            2,
            true);

    String text = summarizer.summarize("list customers", analysis(QueryType.LIST), result);

    assertThat(text)
        .startsWith("The query returned 2 rows; the first has name Ann.")
        .contains("cut short at 2 rows");
  }

  @Test
  void shouldNameTheFilters_whenNothingMatchedThem() {
    DataResult result =
        new DataResult(List.of(new ColumnMeta("name", "text")), List.of(), 0, false);
    AIAnalysis analysis =
        new AIAnalysis(
            QueryType.LIST,
            "",
            List.of(),
            List.of(),
            List.of(),
            List.of("country = 'Atlantis'"),
            null,
            0.9);

    String text = summarizer.summarize("customers in Atlantis", analysis, result);

    assertThat(text).isEqualTo("No rows match the question (filters: country = 'Atlantis').");
  }

  @Test
  void shouldSayOneRow_whenTruncatedAtOneRow() {
    DataResult result =
        new DataResult(List.of(new ColumnMeta("name", "text")), List.of(List.of("Ann")), 1, true);

    String text = summarizer.summarize("list customers", analysis(QueryType.LIST), result);

    assertThat(text)
        .isEqualTo(
            "The query returned 1 row; the first has name Ann. The result was cut short at 1 row,"
                + " so these figures cover only the rows returned.");
  }

  private static AIAnalysis analysis(QueryType type) {
    return new AIAnalysis(type, "", List.of(), List.of(), List.of(), List.of(), null, 0.9);
  }
}
