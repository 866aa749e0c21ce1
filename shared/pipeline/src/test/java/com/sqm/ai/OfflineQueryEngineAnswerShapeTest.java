package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the offline engine shapes the answer: sorts, rankings ("with the most"), further values and
 * columns asked for, ratios, acronyms from instructions and quoted names, on schemas it has never
 * seen.
 */
class OfflineQueryEngineAnswerShapeTest {
  private final OfflineQueryEngine engine = new OfflineQueryEngine();

  @Test
  void shouldSortByTheLabel_whenAskedForRowsAlphabetically() {
    SqlDraft d = ask("list the books ordered alphabetically");

    assertThat(d.sql()).endsWith("ORDER BY b.title ASC NULLS LAST, b.id LIMIT 100");
  }

  @Test
  void shouldSortByTheValue_whenAskedToOrderGroupsFromLowestToHighest() {
    SqlDraft d = ask("average late fee by genre, sorted from lowest to highest");

    assertThat(d.sql())
        .endsWith("GROUP BY b.genre ORDER BY average_late_fee ASC NULLS LAST, b.genre");
  }

  @Test
  void shouldSortByANamedColumn_whenAskedToOrderByIt() {
    SqlDraft d = ask("number of loans per genre ordered by genre descending");

    assertThat(d.sql()).endsWith("GROUP BY b.genre ORDER BY b.genre DESC NULLS LAST");
  }

  @Test
  void shouldDecline_whenAskedToSortByAColumnTheAnswerDoesNotShow() {
    assertThatThrownBy(() -> ask("number of loans per genre ordered by country"))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("'country'");
  }

  @Test
  void shouldRankByCount_whenTopEntitiesAreAskedWithTheMostRelatedRows() {
    SqlDraft d = ask("top 2 members with the most loans");

    assertThat(d.sql())
        .startsWith("SELECT m.id, m.full_name, COUNT(DISTINCT l.id) AS number_of_loans")
        .endsWith("ORDER BY number_of_loans DESC NULLS LAST, m.id LIMIT 2");
  }

  @Test
  void shouldRankByMeasure_whenAskedInTermsOfIt() {
    SqlDraft d = ask("top 3 genres in terms of late fees");

    assertThat(d.sql())
        .startsWith("SELECT b.genre, SUM(l.late_fee) AS total_late_fee")
        .endsWith("LIMIT 3");
  }

  @Test
  void shouldShowAndGroupByNamedColumns_whenTheQuestionAsksForMoreColumnsOfTheGroupedTable() {
    SqlDraft d = ask("how many loans per member? Return the member's name, country and loans");

    assertThat(d.sql())
        .startsWith("SELECT m.id, m.full_name, m.country, COUNT(DISTINCT l.id) AS number_of_loans")
        .contains("GROUP BY m.id, m.full_name, m.country");
  }

  @Test
  void shouldAcceptWordsOfTheJoinedTablesComments_whenTheyOnlyRelateTheTables() {
    // "borrowed" is in the comment of loans.member_id: it says how members and loans relate.
    SqlDraft d = ask("which 3 members borrowed the most loans");

    assertThat(d.sql())
        .contains("GROUP BY m.id, m.full_name")
        .endsWith("ORDER BY number_of_loans DESC NULLS LAST, m.id LIMIT 3");
  }

  @Test
  void shouldAddTheFurtherValuesAsked_whenARankingListsMoreValuesToReturn() {
    SqlDraft d =
        ask(
            "top 3 genres by total late fees? Return the genre, number of loans and total late fees");

    assertThat(d.sql())
        .startsWith(
            "SELECT b.genre, SUM(l.late_fee) AS total_late_fee,"
                + " COUNT(DISTINCT l.id) AS number_of_loans, ROUND(100.0 * SUM(l.late_fee)")
        .endsWith("ORDER BY total_late_fee DESC NULLS LAST, b.genre LIMIT 3");
  }

  @Test
  void shouldDecline_whenAFurtherValueNeedsATableTheAnswerDoesNotJoin() {
    assertThatThrownBy(() -> ask("number of loans per genre and average list price of members"))
        .isInstanceOf(SqmException.class);
  }

  @Test
  void shouldCountTheNamedRows_whenAskedWhichGroupHasTheMostOfThem() {
    SqlDraft d = ask("which genre has the most books");

    assertThat(d.sql())
        .startsWith("SELECT b.genre, COUNT(*) AS number_of_books")
        .contains("FROM public.books b GROUP BY b.genre")
        .endsWith("LIMIT 1");
  }

  @Test
  void shouldKeepTheRankingLimit_whenRankedByANumberOfRows() {
    SqlDraft d =
        ask("top 2 countries by number of members? Return the country name and number of members");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.TOP_N);
    assertThat(d.sql())
        .startsWith("SELECT m.country, COUNT(*) AS number_of_members")
        .endsWith("LIMIT 2");
  }

  @Test
  void shouldListDistinctRows_whenAskedForADistinctListOfIds() {
    SqlDraft d = ask("Return the distinct list of member IDs who borrowed Poetry books");

    assertThat(d.sql())
        .startsWith("SELECT DISTINCT m.id, m.full_name")
        .contains("WHERE b.genre = 'Poetry'");
  }

  @Test
  void shouldRankTheEntity_whenAskedForItsColumnsWhereItHasTheHighestValue() {
    SqlDraft d = ask("what is the country of the member with the highest late fees?");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.TOP_N);
    assertThat(d.sql())
        .startsWith("SELECT m.id, m.full_name, m.country, SUM(l.late_fee) AS total_late_fee")
        .endsWith("ORDER BY total_late_fee DESC NULLS LAST, m.id LIMIT 1");
  }

  @Test
  void shouldAddATotalFromAJoinedTable_whenACountAlsoAsksForIt() {
    SqlDraft d = ask("how many loans in France? Return the number of loans and total late fees");

    assertThat(d.sql())
        .startsWith(
            "SELECT COUNT(DISTINCT l.id) AS number_of_loans, SUM(l.late_fee) AS total_late_fee");
  }

  private static final SchemaSnapshot AIRCRAFT =
      new SchemaSnapshot(
          List.of(
              new Table(
                  "public",
                  "aircraft",
                  "Aircraft types",
                  List.of(
                      new Column(
                          "aircraft_code", "text", false, true, "Code of the type", List.of()),
                      new Column("maker", "text", true, false, "Manufacturer", List.of("Boeing")),
                      new Column(
                          "pay_load", "integer", true, false, "Maximum load in kg", List.of()),
                      new Column(
                          "range_miles", "integer", true, false, "Range in miles", List.of())),
                  List.of(),
                  40)));

  @Test
  void shouldDivideTheAggregates_whenAskedForTheRatioOfTwoMeasuresPerGroup() {
    SqlDraft d =
        askOn(AIRCRAFT, "ratio of the maximum range to the maximum payload for each maker");

    assertThat(d.sql())
        .isEqualTo(
            "SELECT a.maker, MAX(a.range_miles)::float / NULLIF(MAX(a.pay_load), 0)"
                + " AS ratio_of_range_miles_to_pay_load FROM public.aircraft a GROUP BY a.maker"
                + " ORDER BY ratio_of_range_miles_to_pay_load DESC NULLS LAST, a.maker");
  }

  @Test
  void shouldAverageEachRowsRatio_whenAskedHowTheAverageRatioVariesAcrossGroups() {
    SqlDraft d =
        askOn(
            AIRCRAFT,
            "how does the average ratio of range to payload vary across different makers");

    assertThat(d.sql())
        .startsWith(
            "SELECT a.maker, AVG(a.range_miles::float / NULLIF(a.pay_load, 0))"
                + " AS ratio_of_range_miles_to_pay_load");
  }

  @Test
  void shouldAnswerWithTheDefinedWords_whenTheQuestionUsesAnAcronymFromTheInstructions() {
    SqlDraft d =
        engine
            .draft(
                new QuestionContext(
                    "What is the ALF for each genre?",
                    new DataSourceConfig(
                        "lib", "Library", "", "lib", List.of("public"), true, null),
                    LibrarySchema.SNAPSHOT,
                    List.of(),
                    "ALF = average late fee",
                    null))
            .value();

    assertThat(d.sql()).startsWith("SELECT b.genre, AVG(l.late_fee)");
  }

  @Test
  void shouldFilterOnAQuotedName_whenTheNamedColumnHasTooManyValuesToSample() {
    SqlDraft d = ask("how many loans for the member named \"Ada Lovelace\"");

    assertThat(d.sql()).endsWith("WHERE m.full_name = 'Ada Lovelace'");
  }

  @Test
  void shouldDecline_whenAQuotedValueIsNotAmongAColumnsValues() {
    assertThatThrownBy(() -> ask("how many books in the genre \"Horror\""))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("'Horror'");
  }

  @Test
  void shouldRankOnce_whenTheTopIsAlsoCalledBestSelling() {
    SqlDraft d = ask("the top 3 best selling genres by total late fees");

    assertThat(d.sql()).startsWith("SELECT b.genre, SUM(l.late_fee)").endsWith("LIMIT 3");
  }

  @Test
  void shouldGroupByTheColumn_whenItsWholeNameIsSpelledThoughItsWordsNameTables() {
    SchemaSnapshot flights =
        new SchemaSnapshot(
            List.of(
                AIRCRAFT.tables().get(0),
                new Table(
                    "public",
                    "code",
                    "Codes",
                    List.of(new Column("code", "text", false, true, "A code", List.of())),
                    List.of(),
                    10),
                new Table(
                    "public",
                    "flight",
                    "Flights",
                    List.of(
                        new Column("flight_id", "integer", false, true, "Flight", List.of()),
                        new Column("aircraft_code", "text", true, false, "Aircraft", List.of()),
                        new Column("distance", "integer", true, false, "Distance", List.of())),
                    List.of(),
                    10)));

    SqlDraft d = askOn(flights, "average distance of flights per aircraft code");

    assertThat(d.sql()).startsWith("SELECT f.aircraft_code, AVG(f.distance)");
  }

  @Test
  void shouldDecline_whenTheShareIsOfSomethingTheAnswerDoesNotCount() {
    assertThatThrownBy(() -> ask("what share of members comes from late fees in France"))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("share of what");
  }

  @Test
  void shouldFilterTheYearColumn_whenAYearIsAskedAndTheTableHasNoDate() {
    SchemaSnapshot reviews =
        new SchemaSnapshot(
            List.of(
                new Table(
                    "public",
                    "review",
                    "Reviews",
                    List.of(
                        new Column("rid", "integer", false, true, "Review", List.of()),
                        new Column("rating", "real", true, false, "Stars", List.of()),
                        new Column("year", "integer", true, false, "Year written", List.of())),
                    List.of(),
                    10)));

    SqlDraft d = askOn(reviews, "average rating of reviews in 2021");

    assertThat(d.sql()).endsWith("WHERE r.year = 2021");
  }

  @Test
  void shouldSortDescending_whenAskedToOrderByTheHighestValueFirst() {
    SqlDraft d = ask("average late fee per genre ordered by the highest average late fee first");

    assertThat(d.sql()).endsWith("ORDER BY average_late_fee DESC NULLS LAST, b.genre");
  }

  @Test
  void shouldSortByTheName_whenAskedAlphabeticallyAndATextKeyComesFirst() {
    SchemaSnapshot shops =
        new SchemaSnapshot(
            List.of(
                new Table(
                    "public",
                    "shop",
                    "Shops",
                    List.of(
                        new Column("shop_code", "text", false, false, "Code", List.of()),
                        new Column("name", "text", true, false, "Name of the shop", List.of())),
                    List.of(),
                    10)));

    SqlDraft d = askOn(shops, "the names of the shops, ordered alphabetically");

    assertThat(d.sql()).contains("ORDER BY s.name ASC NULLS LAST");
  }

  @Test
  void shouldReadAColumnName_whenAGrainWordIsPartOfIt() {
    SchemaSnapshot plans =
        new SchemaSnapshot(
            List.of(
                new Table(
                    "public",
                    "plan",
                    "Subscription plans",
                    List.of(
                        new Column("id", "integer", false, true, "Plan", List.of()),
                        new Column("tier", "text", true, false, "Tier", List.of("Gold", "Basic")),
                        new Column("monthly_fee", "numeric", true, false, "Fee in EUR", List.of()),
                        new Column("started_on", "date", true, false, "Start", List.of())),
                    List.of(),
                    10)));

    SqlDraft d = askOn(plans, "average monthly fee per tier");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.GROUPED_AGGREGATE);
    assertThat(d.sql()).startsWith("SELECT p.tier, AVG(p.monthly_fee)");
  }

  @Test
  void shouldGroupTheCountByTheRowsAskedFor_whenWhichXAndHowManyYAreAsked() {
    SqlDraft d = ask("Which members borrowed Poetry books, and how many loans did they have?");

    assertThat(d.sql())
        .startsWith("SELECT m.id, m.full_name, COUNT(DISTINCT l.id) AS number_of_loans")
        .contains("WHERE b.genre = 'Poetry'")
        .contains("GROUP BY m.id, m.full_name");
  }

  @Test
  void shouldListTheValues_whenAskedWhatTheMeasuresAreWithoutAnAggregate() {
    SqlDraft d = ask("What are the list prices of books in Poetry? Show both titles and prices.");

    assertThat(d.analysis().queryType()).isEqualTo(QueryType.LIST);
    assertThat(d.sql())
        .isEqualTo(
            "SELECT b.id, b.title, b.genre, b.list_price FROM public.books b"
                + " WHERE b.genre = 'Poetry' ORDER BY b.id LIMIT 100");
  }

  private SqlDraft askOn(SchemaSnapshot schema, String question) {
    return engine
        .draft(
            new QuestionContext(
                question,
                new DataSourceConfig("air", "Air", "", "air", List.of("public"), true, null),
                schema,
                List.of()))
        .value();
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
