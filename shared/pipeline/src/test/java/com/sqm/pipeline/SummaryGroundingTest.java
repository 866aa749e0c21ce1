package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SummaryGroundingTest {
  private final SummaryGrounding grounding = new SummaryGrounding();

  /** Revenue by category, with a share column and a negative margin. */
  private static final DataResult CATEGORIES =
      new DataResult(
          List.of(
              new ColumnMeta("category", "text"),
              new ColumnMeta("revenue", "numeric"),
              new ColumnMeta("share_pct", "numeric"),
              new ColumnMeta("margin", "numeric")),
          List.of(
              List.of(
                  "Books",
                  new BigDecimal("1234.5678"),
                  new BigDecimal("61.7"),
                  new BigDecimal("-3.25")),
              List.of(
                  "Garden",
                  new BigDecimal("765.40"),
                  new BigDecimal("38.3"),
                  new BigDecimal("12.00"))),
          2,
          false);

  private static final DataResult MONTHS =
      new DataResult(
          List.of(new ColumnMeta("month", "date"), new ColumnMeta("orders", "int8")),
          List.of(
              List.of(java.sql.Date.valueOf(LocalDate.of(2025, 3, 1)), 180L),
              List.of(java.sql.Date.valueOf(LocalDate.of(2025, 4, 1)), 2_450_000L)),
          2,
          false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Books earned 1,234.57 and Garden 765.40.",
        "Books earned 1,234.6, Garden 765.4.",
        "Books earned about 1,235.",
        "Books earned 1234.5678 exactly.",
        "Books took 61.7% of revenue, Garden 38%.",
        "Books took 62 percent.",
        "The margin on Books was -3.25.",
        "The margin on Books was −3.3.",
        "Books lost 3.25 per unit.",
        "The 2 categories: Books and Garden.",
        "Nothing to report.",
      })
  void shouldBeGrounded_whenEveryNumberIsAResultValueAsDisplayed(String summary) {
    SummaryGrounding.Grounding verdict =
        grounding.check(summary, CATEGORIES, "revenue by category");

    assertThat(verdict.ungrounded()).isEmpty();
    assertThat(verdict.grounded()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Books earned 1,300.", "Books earned $1,234.56.", "Books earned 1,234."})
  void shouldNotBeGrounded_whenNotTheValueRoundedToTheDecimalsShown(String summary) {
    SummaryGrounding.Grounding verdict =
        grounding.check(summary, CATEGORIES, "revenue by category");

    assertThat(verdict.grounded()).isFalse();
    assertThat(verdict.ungrounded()).hasSize(1);
  }

  @Test
  void shouldNotBeGrounded_whenModelInventsANumber() {
    SummaryGrounding.Grounding verdict =
        grounding.check(
            "Books earned 1,234.57, up from 998.10 last year.", CATEGORIES, "revenue by category");

    assertThat(verdict.grounded()).isFalse();
    assertThat(verdict.ungrounded()).containsExactly("998.10");
  }

  @Test
  void shouldNotBeGrounded_whenPercentageIsComputedNotInResult() {
    SummaryGrounding.Grounding verdict =
        grounding.check("Books earned 61% more than Garden.", CATEGORIES, "revenue by category");

    assertThat(verdict.ungrounded()).containsExactly("61%");
  }

  @Test
  void shouldAcceptPercentOfFraction_whenResultHoldsRatio() {
    DataResult ratio =
        new DataResult(
            List.of(new ColumnMeta("conversion", "float8")),
            List.of(List.<Object>of(0.2512)),
            1,
            false);

    assertThat(grounding.check("Conversion was 25.1%.", ratio, "conversion rate").grounded())
        .isTrue();
    assertThat(grounding.check("Conversion was 26%.", ratio, "conversion rate").grounded())
        .isFalse();
  }

  @Test
  void shouldNotBeGrounded_whenSummaryStatesAMultiple() {
    SummaryGrounding.Grounding verdict =
        grounding.check("Books sold 1.6x as much as Garden.", CATEGORIES, "revenue by category");

    assertThat(verdict.ungrounded()).containsExactly("1.6x");
  }

  @Test
  void shouldNotBeGrounded_whenSignIsWrong() {
    SummaryGrounding.Grounding verdict =
        grounding.check("Garden's margin was -12.", CATEGORIES, "margin by category");

    assertThat(verdict.ungrounded()).containsExactly("-12");
  }

  @Test
  void shouldReadRangeAsTwoNumbers_whenHyphenJoinsThem() {
    SummaryGrounding.Grounding verdict =
        grounding.check("Between 2020-2025 the 2 categories grew.", CATEGORIES, "growth 2020");

    assertThat(verdict.ungrounded()).containsExactly("2025");
  }

  @Test
  void shouldGroundNumbersOfTheQuestionAndRowCount_whenNotInResult() {
    SummaryGrounding.Grounding verdict =
        grounding.check(
            "Of the top 5 categories in 2024, only 2 had sales: Books (1,234.57).",
            CATEGORIES,
            "top 5 categories by revenue in 2024");

    assertThat(verdict.ungrounded()).isEmpty();
  }

  @Test
  void shouldGroundScaleWords_whenRoundedToMillions() {
    assertThat(grounding.check("April peaked at 2.45 million orders.", MONTHS, "q").grounded())
        .isTrue();
    assertThat(grounding.check("April peaked at 2.5M orders.", MONTHS, "q").grounded()).isTrue();
    assertThat(grounding.check("April peaked at 3 million orders.", MONTHS, "q").grounded())
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "On 2025-03-01 there were 180 orders.",
        "In March 2025 there were 180 orders.",
        "On 1 March 2025 there were 180 orders.",
        "On March 1st, 2025 there were 180 orders.",
        "Orders rose from 180 (Mar 2025) to 2,450,000 (April 2025).",
        "In 2025 the 2 months saw 180 and 2,450,000 orders.",
        "On 3/1/2025 there were 180 orders.",
        "The month 2025-04 had 2,450,000 orders.",
        "On 2025-03-01T00:00:00 there were 180 orders.",
      })
  void shouldGroundDates_whenResultHasThem(String summary) {
    SummaryGrounding.Grounding verdict = grounding.check(summary, MONTHS, "orders per month");

    assertThat(verdict.ungrounded()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "On 2025-05-01 there were 180 orders.",
        "In June 2025 there were 180 orders.",
        "On 2 March 2025 there were 180 orders.",
        "In 2024 there were 180 orders.",
      })
  void shouldNotGroundDates_whenResultLacksThem(String summary) {
    SummaryGrounding.Grounding verdict = grounding.check(summary, MONTHS, "orders per month");

    assertThat(verdict.grounded()).isFalse();
  }

  @Test
  void shouldGroundDate_whenQuestionNamesIt() {
    SummaryGrounding.Grounding verdict =
        grounding.check("No orders since 2026-01-15.", MONTHS, "orders since 2026-01-15");

    assertThat(verdict.ungrounded()).isEmpty();
  }

  @Test
  void shouldIgnoreDigitsInNames_whenGluedToLetters() {
    SummaryGrounding.Grounding verdict =
        grounding.check("In Q1 the 3rd category was Books; v6 charts.", CATEGORIES, "q");

    assertThat(verdict.ungrounded()).isEmpty();
  }

  @Test
  void shouldGroundNumbersInTextCells_whenAValueNamesThem() {
    DataResult models =
        new DataResult(
            List.of(new ColumnMeta("model", "text"), new ColumnMeta("sold", "int8")),
            List.of(List.of("Model 3", 120L)),
            1,
            false);

    assertThat(grounding.check("Model 3 sold 120 units.", models, "sales by model").grounded())
        .isTrue();
  }

  @Test
  void shouldGroundOnlyZero_whenResultIsEmpty() {
    DataResult empty = new DataResult(List.of(new ColumnMeta("n", "int8")), List.of(), 0, false);

    assertThat(grounding.check("There were 0 orders.", empty, "orders").grounded()).isTrue();
    assertThat(grounding.check("There were 42 orders.", empty, "orders").grounded()).isFalse();
  }
}
