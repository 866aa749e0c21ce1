package com.sqm.local.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparatorTest {
  private final ResultComparator comparator = new ResultComparator();

  /** A table of {@code columns}; rows are given flat, {@code columns.size()} values each. */
  private static ResultTable table(List<String> columns, Object... values) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < values.length; i += columns.size()) {
      rows.add(Arrays.asList(values).subList(i, i + columns.size()));
    }
    return new ResultTable(columns, rows);
  }

  @Test
  void shouldMatch_whenSameRowsComeInAnotherOrderAndOrderDoesNotMatter() {
    ResultTable gold = table(List.of("city", "n"), "Berlin", 3, "Paris", 5);
    ResultTable generated = table(List.of("city", "count"), "Paris", 5, "Berlin", 3);

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isTrue();
  }

  @Test
  void shouldNotMatch_whenRowsComeInAnotherOrderAndOrderMatters() {
    ResultTable gold = table(List.of("city", "n"), "Paris", 5, "Berlin", 3);
    ResultTable generated = table(List.of("city", "n"), "Berlin", 3, "Paris", 5);

    assertThat(comparator.matches(gold, generated, true)).isFalse();
    assertThat(comparator.matches(gold, gold, true)).isTrue();
  }

  @Test
  void shouldMatch_whenFractionsDifferWithinTolerance() {
    ResultTable gold = table(List.of("ratio"), 1.0 / 3);
    ResultTable generated = table(List.of("ratio"), new BigDecimal("0.33333333333333333333"));

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isTrue();
  }

  @Test
  void shouldNotMatch_whenFractionIsRounded() {
    ResultTable gold = table(List.of("ratio"), 1.0 / 3);
    ResultTable generated = table(List.of("ratio"), new BigDecimal("0.33"));

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isFalse();
  }

  @Test
  void shouldCompareWholeNumbersExactly_whenBothHaveNoFraction() {
    ResultTable gold = table(List.of("id"), 100_000_000L);
    ResultTable generated = table(List.of("id"), 100_000_001L);

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isFalse();
  }

  @Test
  void shouldMatchNumbersByValue_whenTypesDiffer() {
    ResultTable gold = table(List.of("n"), 1);

    assertThat(comparator.matches(gold, table(List.of("n"), new BigDecimal("1.00")), false))
        .isTrue();
    assertThat(comparator.matches(gold, table(List.of("n"), 1.0d), false)).isTrue();
    assertThat(comparator.matches(gold, table(List.of("n"), 1L), false)).isTrue();
  }

  @Test
  void shouldNotMatchNumber_whenGeneratedValueIsTextOrBoolean() {
    ResultTable gold = table(List.of("n"), 1);

    assertThat(comparator.matches(gold, table(List.of("n"), "1"), false)).isFalse();
    assertThat(comparator.matches(gold, table(List.of("n"), true), false)).isFalse();
  }

  @Test
  void shouldMatchDates_whenOneSideIsIsoTextOrMidnightTimestamp() {
    ResultTable gold = table(List.of("d"), LocalDate.of(2023, 3, 1));

    assertThat(comparator.matches(gold, table(List.of("d"), "2023-03-01"), false)).isTrue();
    assertThat(comparator.matches(gold, table(List.of("d"), "2023-03-01T00:00"), false)).isTrue();
    assertThat(
            comparator.matches(
                gold, table(List.of("d"), LocalDateTime.of(2023, 3, 1, 0, 0)), false))
        .isTrue();
    assertThat(comparator.matches(gold, table(List.of("d"), "2023-03"), false)).isFalse();
    assertThat(comparator.matches(gold, table(List.of("d"), "2023-03-01T00:01"), false)).isFalse();
  }

  @Test
  void shouldMatch_whenGeneratedHasExtraColumnsInAnyPosition() {
    ResultTable gold = table(List.of("name", "total"), "a", 10, "b", 20);
    ResultTable generated =
        table(List.of("id", "total_sales", "share", "name"), 7, 20, 0.67, "b", 6, 10, 0.33, "a");

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isTrue();
  }

  @Test
  void shouldNotMatch_whenAGoldColumnIsMissing() {
    ResultTable gold = table(List.of("name", "total"), "a", 10, "b", 20);
    ResultTable generated = table(List.of("name", "count"), "a", 1, "b", 2);

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isFalse();
  }

  @Test
  void shouldNotMatch_whenGeneratedHasFewerColumns() {
    ResultTable gold = table(List.of("name", "total"), "a", 10);
    ResultTable generated = table(List.of("name"), "a");

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isFalse();
  }

  @Test
  void shouldPairColumnsByRows_whenTwoGeneratedColumnsHoldTheSameValues() {
    ResultTable gold = table(List.of("n", "name"), 1, "x", 2, "y");
    // both "a" and "b" hold {1, 2}; only "b" pairs with the names row by row
    ResultTable generated = table(List.of("a", "b", "name"), 2, 1, "x", 1, 2, "y");

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isTrue();
  }

  @Test
  void shouldCountDuplicates_whenRowsRepeat() {
    ResultTable gold = table(List.of("v"), "a", "a", "b");

    assertThat(comparator.matches(gold, table(List.of("v"), "a", "b", "a"), false)).isTrue();
    assertThat(comparator.matches(gold, table(List.of("v"), "a", "b", "b"), false)).isFalse();
    assertThat(comparator.matches(gold, table(List.of("v"), "a", "b"), false)).isFalse();
  }

  @Test
  void shouldMatchNullOnlyWithNull_whenValuesAreMissing() {
    ResultTable gold = table(List.of("v", "n"), null, 1, "x", null);

    assertThat(comparator.matches(gold, table(List.of("v", "n"), "x", null, null, 1), false))
        .isTrue();
    assertThat(comparator.matches(gold, table(List.of("v", "n"), "", 1, "x", 0), false)).isFalse();
  }

  @Test
  void shouldMatch_whenBothResultsAreEmpty() {
    ResultTable gold = table(List.of("v"));

    assertThat(comparator.matches(gold, table(List.of("v", "w")), false)).isTrue();
    assertThat(comparator.matches(gold, table(List.of("v"), "x"), false)).isFalse();
  }

  @Test
  void shouldMatch_whenRowsEqualOnlyWithinToleranceSortApart() {
    // sorted by the first column the pairs part ways; matching row by row finds them
    ResultTable gold = table(List.of("x", "k"), 1.0000001, "a", 1.0, "b");
    ResultTable generated = table(List.of("x", "k"), 1.0, "a", 1.0000001, "b");

    boolean matches = comparator.matches(gold, generated, false);

    assertThat(matches).isTrue();
  }
}
