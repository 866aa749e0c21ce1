package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.QueryType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Questions whose meaning hangs on one qualifying word (never, most recent, share, starts with,
 * compared to, the one with the most), on the library schema the engine has never seen.
 */
class OfflineQueryEngineQualifiersTest {
  private final OfflineQueryEngine engine = new OfflineQueryEngine();

  @Test
  void shouldSelectRowsWithoutRelatedRows_whenAskedWhoNeverDidSomething() {
    SqlDraft d = ask("Which members have never borrowed a book?");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.LIST);
    assertThat(d.sql())
        .isEqualTo(
            "SELECT m.id, m.full_name, m.country, m.joined_on FROM public.members m"
                + " WHERE NOT EXISTS (SELECT 1 FROM public.loans x1 JOIN public.books x2"
                + " ON x2.id = x1.book_id WHERE x1.member_id = m.id) ORDER BY m.id LIMIT 100");
  }

  @Test
  void shouldCountRowsWithoutRelatedRows_whenAskedHowManyHaveNone() {
    SqlDraft d = ask("how many members have no loans");

    assertThat(d.sql())
        .isEqualTo(
            "SELECT COUNT(*) AS number_of_members FROM public.members m"
                + " WHERE NOT EXISTS (SELECT 1 FROM public.loans x1 WHERE x1.member_id = m.id)");
  }

  @Test
  void shouldExcludeAValue_whenNotStandsBeforeIt() {
    SqlDraft d = ask("how many books not in Poetry");

    assertThat(d.sql())
        .isEqualTo(
            "SELECT COUNT(*) AS number_of_books FROM public.books b WHERE b.genre <> 'Poetry'");
    assertThat(d.analysis().filters()).containsExactly("books.genre <> 'Poetry'");
  }

  @Test
  void shouldOrderRowsByDateNewestFirst_whenAskedForTheMostRecent() {
    SqlDraft d = ask("show me the 5 most recent loans");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.LIST);
    assertThat(d.sql())
        .isEqualTo(
            "SELECT l.id, l.member_id, l.book_id, l.loan_date, l.late_fee FROM public.loans l"
                + " ORDER BY l.loan_date DESC NULLS LAST, l.id LIMIT 5");
  }

  @Test
  void shouldReturnOneRow_whenAskedForTheLatestInSingular() {
    SqlDraft d = ask("what was the latest loan?");

    assertThat(d.sql()).endsWith("ORDER BY l.loan_date DESC NULLS LAST, l.id LIMIT 1");
  }

  @Test
  void shouldOrderOldestFirst_whenAskedForTheEarliest() {
    SqlDraft d = ask("the 3 earliest members");

    assertThat(d.sql()).endsWith("ORDER BY m.joined_on ASC NULLS LAST, m.id LIMIT 3");
  }

  @Test
  void shouldComputeARatio_whenAskedWhatShareComesFromAValue() {
    SqlDraft d = ask("What share of late fees comes from France?");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.AGGREGATE);
    assertThat(d.sql())
        .isEqualTo(
            "SELECT ROUND(100.0 * SUM(l.late_fee) FILTER (WHERE m.country = 'France')"
                + " / NULLIF(SUM(l.late_fee), 0), 2) AS share_pct,"
                + " SUM(l.late_fee) FILTER (WHERE m.country = 'France') AS part_total_late_fee,"
                + " SUM(l.late_fee) AS total_late_fee"
                + " FROM public.loans l JOIN public.members m ON m.id = l.member_id");
  }

  @Test
  void shouldComputeAShareOfRows_whenAskedWhatPercentageOfRowsHaveAValue() {
    SqlDraft d = ask("what percentage of members are in Germany");

    assertThat(d.sql())
        .startsWith(
            "SELECT ROUND(100.0 * COUNT(*) FILTER (WHERE m.country = 'Germany')"
                + " / NULLIF(COUNT(*), 0), 2) AS share_pct");
  }

  @Test
  void shouldFilterOnPrefix_whenAskedWhatStartsWith() {
    SqlDraft d = ask("members whose name starts with Ma");

    assertThat(d.sql()).contains("WHERE m.full_name ILIKE 'Ma%'");
    assertThat(d.analysis().filters()).containsExactly("members.full_name starts with 'Ma'");
  }

  @Test
  void shouldFilterOnSuffix_whenAskedWhatEndsWith() {
    SqlDraft d = ask("books whose title ends with Night");

    assertThat(d.sql()).contains("WHERE b.title ILIKE '%Night'");
  }

  @Test
  void shouldReportBothPeriods_whenAskedToCompareWithThePeriodBefore() {
    SqlDraft d = ask("total late fees last month compared to the month before");

    String lastMonth =
        "l.loan_date >= date_trunc('month', CURRENT_DATE) - INTERVAL '1 month'"
            + " AND l.loan_date < date_trunc('month', CURRENT_DATE)";
    String monthBefore =
        "l.loan_date >= (date_trunc('month', CURRENT_DATE) - INTERVAL '1 month') - INTERVAL '1 month'"
            + " AND l.loan_date < date_trunc('month', CURRENT_DATE) - INTERVAL '1 month'";
    assertThat(d.analysis().queryType()).isEqualTo(QueryType.AGGREGATE);
    assertThat(d.sql())
        .startsWith(
            "SELECT SUM(l.late_fee) FILTER (WHERE "
                + lastMonth
                + ") AS total_late_fee_last_month, SUM(l.late_fee) FILTER (WHERE "
                + monthBefore
                + ") AS total_late_fee_previous_month, ROUND(100.0 * (")
        .contains(" AS change_pct FROM public.loans l")
        .endsWith("WHERE ((" + lastMonth + ") OR (" + monthBefore + "))");
  }

  @Test
  void shouldRankRowsNotAggregateAValue_whenAskedForTheEntityWithTheMost() {
    SqlDraft d = ask("the book with the most loans");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.TOP_N);
    assertThat(d.sql())
        .startsWith("SELECT b.id, b.title, COUNT(DISTINCT l.id) AS number_of_loans")
        .endsWith("ORDER BY number_of_loans DESC NULLS LAST, b.id LIMIT 1");
  }

  @Test
  void shouldFilterOnTheYearsQuarter_whenAskedForTheLastQuarterOfAYear() {
    SqlDraft d = ask("total late fees in the last quarter of 2024");

    assertThat(d.sql())
        .endsWith("WHERE l.loan_date >= DATE '2024-10-01' AND l.loan_date < DATE '2025-01-01'");
  }

  @Test
  void shouldAcceptToday_whenAPastRangeSaysItIsInclusiveOfToday() {
    SqlDraft d = ask("how many loans in the past 7 days, inclusive of today's date");

    assertThat(d.sql()).endsWith("WHERE l.loan_date >= CURRENT_DATE - INTERVAL '7 days'");
  }

  @Test
  void shouldAcceptTheStartBound_whenAPastRangeSaysItIsInclusiveOfItsStart() {
    SqlDraft d = ask("how many loans in the past 30 days, inclusive of 30 days ago");

    assertThat(d.sql()).endsWith("WHERE l.loan_date >= CURRENT_DATE - INTERVAL '30 days'");
  }

  @Test
  void shouldFilterOnTheYears_whenAskedBetweenTwoYearsOrSinceOne() {
    assertThat(ask("how many loans between 2022 and 2023").sql())
        .endsWith("WHERE l.loan_date >= DATE '2022-01-01' AND l.loan_date < DATE '2024-01-01'");
    assertThat(ask("how many loans since 2023").sql())
        .endsWith("WHERE l.loan_date >= DATE '2023-01-01'");
  }

  @Test
  void shouldReadNoDotAsNumber_whenItAbbreviatesNumber() {
    SqlDraft d = ask("the no. of loans per genre");

    assertThat(d.sql()).startsWith("SELECT b.genre, COUNT(DISTINCT l.id) AS number_of_loans");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "how many loans between Jan 1, 2023 and Mar 31, 2023"
            + " | l.loan_date >= DATE '2023-01-01' AND l.loan_date < DATE '2023-04-01'",
        "how many loans on 2023-04-01"
            + " | l.loan_date >= DATE '2023-04-01' AND l.loan_date < DATE '2023-04-02'",
        "how many loans since 1 April 2023 | l.loan_date >= DATE '2023-04-01'",
        "how many loans on or after April 1st, 2023 | l.loan_date >= DATE '2023-04-01'",
        "how many loans before 2023-04-01 | l.loan_date < DATE '2023-04-01'",
      })
  void shouldFilterOnTheNamedDays_whenAQuestionNamesCalendarDates(String question, String where) {
    assertThat(ask(question).sql()).endsWith("WHERE " + where);
  }

  private SqlDraft ask(String question) {
    return engine
        .draft(
            new QuestionContext(
                question,
                new DataSourceConfig("lib", "Library", "", "lib", List.of("public"), true, null),
                LibrarySchema.SNAPSHOT,
                List.of()))
        .value();
  }
}
