package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryTemplate;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offline engine on a hand-built lending-library schema it has never seen: no names shared with
 * the demo shop.
 */
class OfflineQueryEngineTest {
  private static final SchemaSnapshot LIBRARY = LibrarySchema.SNAPSHOT;

  private final OfflineQueryEngine engine = new OfflineQueryEngine();

  @Test
  void shouldCountRows_whenAskedHowMany() {
    Answer a = ask("How many members are there?");

    assertThat(a.analysis().queryType()).isEqualTo(QueryType.COUNT);
    assertThat(a.sql()).isEqualTo("SELECT COUNT(*) AS number_of_members FROM public.members m");
  }

  @Test
  void shouldFilterOnSampleValue_whenQuestionNamesOne() {
    Answer a = ask("how many members in France");

    assertThat(a.sql())
        .isEqualTo(
            "SELECT COUNT(*) AS number_of_members FROM public.members m WHERE m.country = 'France'");
    assertThat(a.analysis().filters()).containsExactly("members.country = 'France'");
  }

  @Test
  void shouldRankThroughForeignKeys_whenAskedForTopN() {
    Answer a = ask("top 3 books by late fees");

    assertThat(a.analysis().queryType()).isEqualTo(QueryType.TOP_N);
    assertThat(a.analysis().limit()).isEqualTo(3);
    assertThat(a.sql())
        .isEqualTo(
            "SELECT b.id, b.title, SUM(l.late_fee) AS total_late_fee,"
                + " ROUND(100.0 * SUM(l.late_fee) / NULLIF(SUM(SUM(l.late_fee)) OVER (), 0), 1) AS share_of_total_pct"
                + " FROM public.loans l JOIN public.books b ON b.id = l.book_id"
                + " GROUP BY b.id, b.title ORDER BY total_late_fee DESC NULLS LAST, b.id LIMIT 3");
  }

  @Test
  void shouldBucketByMonth_whenAskedPerMonthInAYear() {
    Answer a = ask("loans per month in 2024");

    assertThat(a.analysis().queryType()).isEqualTo(QueryType.TIME_SERIES);
    assertThat(a.sql())
        .isEqualTo(
            "SELECT date_trunc('month', l.loan_date)::date AS month, COUNT(*) AS number_of_loans FROM public.loans l"
                + " WHERE l.loan_date >= DATE '2024-01-01' AND l.loan_date < DATE '2025-01-01'"
                + " GROUP BY date_trunc('month', l.loan_date)::date ORDER BY date_trunc('month', l.loan_date)::date");
  }

  @Test
  void shouldGroupByColumnOfJoinedTable_whenAskedAverageByCategory() {
    Answer a = ask("average late fee by genre");

    assertThat(a.analysis().queryType()).isEqualTo(QueryType.GROUPED_AGGREGATE);
    assertThat(a.sql())
        .isEqualTo(
            "SELECT b.genre, AVG(l.late_fee) AS average_late_fee"
                + " FROM public.loans l JOIN public.books b ON b.id = l.book_id"
                + " GROUP BY b.genre ORDER BY average_late_fee DESC NULLS LAST, b.genre");
  }

  @Test
  void shouldSumMeasure_whenAskedForTotal() {
    Answer a = ask("total late fees in Q1 2024");

    assertThat(a.analysis().queryType()).isEqualTo(QueryType.AGGREGATE);
    assertThat(a.sql())
        .isEqualTo(
            "SELECT SUM(l.late_fee) AS total_late_fee FROM public.loans l"
                + " WHERE l.loan_date >= DATE '2024-01-01' AND l.loan_date < DATE '2024-04-01'");
  }

  @Test
  void shouldListWithBoundedLimit_whenAskedToShowRows() {
    Answer a = ask("show books in Poetry");

    assertThat(a.analysis().queryType()).isEqualTo(QueryType.LIST);
    assertThat(a.sql())
        .isEqualTo(
            "SELECT b.id, b.title, b.genre, b.list_price FROM public.books b WHERE b.genre = 'Poetry' ORDER BY b.id LIMIT 100");
  }

  @Test
  void shouldUseRelativeDates_whenAskedAboutLastDays() {
    Answer a = ask("how many loans in the last 30 days");

    assertThat(a.sql())
        .isEqualTo(
            "SELECT COUNT(*) AS number_of_loans FROM public.loans l WHERE l.loan_date >= CURRENT_DATE - INTERVAL '30 days'");
  }

  @Test
  void shouldFilterTheMeasuresDateOnPreviousQuarter_whenAskedWhoPaidMostLastQuarter() {
    Answer a = ask("which 3 members paid the most late fees last quarter?");

    assertThat(a.sql())
        .contains(
            "l.loan_date >= date_trunc('quarter', CURRENT_DATE) - INTERVAL '3 months'",
            "l.loan_date < date_trunc('quarter', CURRENT_DATE)",
            "LIMIT 3")
        .doesNotContain("joined_on");
  }

  @Test
  void shouldReturnTheRow_whenAskedForMostExpensiveEntity() {
    Answer a = ask("what is the most expensive book?");

    assertThat(a.analysis().queryType()).isEqualTo(QueryType.TOP_N);
    assertThat(a.sql())
        .isEqualTo(
            "SELECT b.id, b.title, b.list_price FROM public.books b ORDER BY b.list_price DESC NULLS LAST, b.id LIMIT 1");
  }

  @Test
  void shouldUseExampleSql_whenQuestionMatchesWorkedExample() {
    QueryTemplate example =
        new QueryTemplate(
            1,
            "lib",
            "Busy readers",
            "Which readers borrowed the most books?",
            "SELECT 42 AS answer;",
            "");

    QuestionContext context =
        new QuestionContext(
            "which readers borrowed the most books", config(), LIBRARY, List.of(example));
    SqlDraft draft = engine.draft(context).value();
    AIAnalysis analysis = draft.analysis();
    String sql = draft.sql();

    assertThat(sql).isEqualTo("SELECT 42 AS answer");
    assertThat(analysis.queryType()).isEqualTo(QueryType.OTHER);
  }

  @Test
  void shouldRefuse_whenQuestionIsAboutSomethingElse() {
    assertThatThrownBy(() -> ask("What's the weather in Paris?"))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessageContaining("'weather'");
  }

  @Test
  void shouldRefuse_whenQuestionAsksToChangeData() {
    assertThatThrownBy(() -> ask("delete all members"))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessageContaining("'delete'");
  }

  @Test
  void shouldRefuse_whenCountedThingIsNotInSchema() {
    assertThatThrownBy(() -> ask("how many employees are there?"))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessageContaining("'employees'");
  }

  @Test
  void shouldRefuse_whenQuestionHasOnlyStopWords() {
    assertThatThrownBy(() -> ask("what is it?"))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE));
  }

  private record Answer(AIAnalysis analysis, String sql) {}

  private Answer ask(String question) {
    QuestionContext context = new QuestionContext(question, config(), LIBRARY, List.of());
    SqlDraft draft = engine.draft(context).value();
    return new Answer(draft.analysis(), draft.sql());
  }

  private static DataSourceConfig config() {
    return new DataSourceConfig("lib", "Library", "", "lib", List.of("public"), true, null);
  }
}
