package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Row conditions beyond values: number comparisons ("over $30,000"), days of the week ("on
 * weekends"), open compounds of schema names ("check-ins"), tally columns and join instructions
 * ("by doing a left join"), on schemas the engine has never seen.
 */
class OfflineQueryEngineComparisonsTest {
  private final OfflineQueryEngine engine = new OfflineQueryEngine();

  /** A gym: members who sign up, and check-in rows that each tally several visits. */
  private static final SchemaSnapshot GYM =
      new SchemaSnapshot(
          List.of(
              new Table(
                  "public",
                  "members",
                  "Gym members",
                  List.of(
                      col("id", "integer", true, "Member number"),
                      col("full_name", "text", false, "Name of the member"),
                      col("hometown", "text", false, "Where the member grew up"),
                      col("signup_date", "date", false, "Date the member signed up")),
                  List.of(),
                  300),
              new Table(
                  "public",
                  "checkin",
                  "Visits to the gym, tallied per member and day",
                  List.of(
                      col("id", "integer", true, "Row number"),
                      col("member_id", "integer", false, "Who visited"),
                      col("visit_date", "date", false, "Day of the visits"),
                      col("count", "integer", false, "Visits that day")),
                  List.of(new ForeignKey(List.of("member_id"), "public", "members", List.of("id"))),
                  9000),
              new Table(
                  "public",
                  "trainers",
                  "Coaches employed by the gym",
                  List.of(
                      col("id", "integer", true, "Trainer number"),
                      col("full_name", "text", false, "Name of the trainer"),
                      col("hire_date", "date", false, "First day of work")),
                  List.of(),
                  20)));

  /** Money moved between accounts: two columns hold the same account codes. */
  private static final SchemaSnapshot BANK =
      new SchemaSnapshot(
          List.of(
              new Table(
                  "public",
                  "transfers",
                  "Money moved between accounts",
                  List.of(
                      col("id", "integer", true, "Transfer number"),
                      new Column(
                          "from_account",
                          "text",
                          false,
                          false,
                          "Account debited",
                          List.of("ACC-1", "ACC-2", "ACC-3")),
                      new Column(
                          "to_account",
                          "text",
                          false,
                          false,
                          "Account credited",
                          List.of("ACC-1", "ACC-2", "ACC-3")),
                      col("amount", "numeric(12,2)", false, "Amount moved")),
                  List.of(),
                  500)));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "how many loans had a late fee over $1,250.50 | l.late_fee > 1250.50",
        "how many loans with a late fee of more than 20 euros | l.late_fee > 20",
        "how many loans with late fee at least 5 | l.late_fee >= 5",
        "how many loans with a late fee under 2.5 | l.late_fee < 2.5",
        "how many loans with late fee no more than 3 | l.late_fee <= 3",
        "how many books with a list price between 20 and 10 | b.list_price BETWEEN 10 AND 20",
        "how many books have list price > 15 | b.list_price > 15",
        "how many loans with a late fee over 2k | l.late_fee > 2000",
      })
  void shouldFilterTheNamedNumericColumn_whenAskedForAComparison(String question, String where) {
    SqlDraft d = ask(LibrarySchema.SNAPSHOT, question);

    assertThat(d.sql()).startsWith("SELECT COUNT(*)").endsWith("WHERE " + where);
  }

  @Test
  void shouldKeepTheMeasureApart_whenTheComparedColumnIsAlsoAddedUp() {
    SqlDraft d = ask(LibrarySchema.SNAPSHOT, "total late fees of loans with late fee over 10");

    assertThat(d.sql())
        .isEqualTo(
            "SELECT SUM(l.late_fee) AS total_late_fee FROM public.loans l WHERE l.late_fee > 10");
  }

  @Test
  void shouldCompareAColumnOfAJoinedTable_whenItsWordsNameIt() {
    SqlDraft d = ask(LibrarySchema.SNAPSHOT, "how many loans of books with list price over 30");

    assertThat(d.sql()).contains("JOIN public.books").endsWith("WHERE b.list_price > 30");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // No column named before the comparison.
        "how many loans over 30 | Could not tell which number should be over 30",
        // A word that is not a numeric column.
        "how many members in France over 30 | Could not tell which number should be over 30",
        // A count compared with a number ("at least 5 loans") is not a column comparison.
        "how many members with at least 5 loans | Could not compare a count of loans",
        // A percentage: 20 or 0.2 in the data cannot be told.
        "how many loans with a late fee over 20% | Could not compare with a percentage",
        "how many loans with a late fee over 20 percent | Could not compare with a percentage",
        // A unit the schema does not know is not accounted for.
        "how many loans with a late fee over 30 days | 'days'",
      })
  void shouldDecline_whenTheComparisonCannotBeResolved(String question, String reason) {
    assertThatThrownBy(() -> ask(LibrarySchema.SNAPSHOT, question))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "how many loans were made on weekends | IN (6, 7)",
        "how many loans on weekdays | IN (1, 2, 3, 4, 5)",
        "how many loans on Mondays and Fridays | IN (1, 5)",
        "how many loans during the weekend in 2024 | IN (6, 7)",
      })
  void shouldFilterDaysOfTheWeek_whenAskedForWeekendsOrNamedDays(String question, String days) {
    SqlDraft d = ask(LibrarySchema.SNAPSHOT, question);

    assertThat(d.sql()).contains("EXTRACT(ISODOW FROM l.loan_date) " + days);
  }

  @Test
  void shouldDecline_whenTheDaysFallOnAnotherTablesDate() {
    assertThatThrownBy(() -> ask(LibrarySchema.SNAPSHOT, "how many books on weekends"))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("Could not tell which date of books should fall on weekends");
  }

  @Test
  void shouldMatchAClosedCompound_whenTheQuestionWritesItWithAHyphen() {
    SqlDraft d = ask(GYM, "how many check-ins on weekends");

    assertThat(d.sql())
        .isEqualTo(
            "SELECT SUM(c.count) AS total_count FROM public.checkin c"
                + " WHERE EXTRACT(ISODOW FROM c.visit_date) IN (6, 7)");
  }

  @Test
  void shouldMatchAClosedCompound_whenTheQuestionWritesItAsTwoWords() {
    SqlDraft d = ask(GYM, "how many members per home town");

    assertThat(d.sql()).contains("GROUP BY m.hometown");
  }

  @Test
  void shouldCountRows_whenTheTableHasNoTallyColumn() {
    SqlDraft d = ask(GYM, "how many members");

    assertThat(d.sql()).isEqualTo("SELECT COUNT(*) AS number_of_members FROM public.members m");
  }

  @Test
  void shouldAcceptALeftJoinInstruction_whenTheRowsWithoutRelatedRowsAreAsked() {
    SqlDraft d =
        ask(
            LibrarySchema.SNAPSHOT,
            "Return the member id and full name for members that have no loans, by doing a left"
                + " join from the members to loans table.");

    assertThat(d.sql()).contains("WHERE NOT EXISTS (SELECT 1 FROM public.loans x1");
  }

  @Test
  void shouldAcceptAJoinInstruction_whenThePlanJoinsThoseTables() {
    SqlDraft d =
        ask(
            LibrarySchema.SNAPSHOT,
            "how many loans per member, based on joining the members and loans tables");

    assertThat(d.sql()).contains("JOIN public.members").contains("GROUP BY");
  }

  @Test
  void shouldDecline_whenALeftJoinIsAskedButThePlanKeepsOnlyMatchedRows() {
    assertThatThrownBy(
            () ->
                ask(
                    LibrarySchema.SNAPSHOT,
                    "how many loans per member, by doing a left join from members to loans"))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("'left'");
  }

  @Test
  void shouldAccountForAVerb_whenItNamesTheFilteredDateColumn() {
    SqlDraft d = ask(GYM, "how many trainers were hired in 2024");

    assertThat(d.sql()).contains("t.hire_date >= DATE '2024-01-01'");
  }

  @Test
  void shouldDecline_whenTheVerbNamesAnotherEventThanTheDateColumn() {
    assertThatThrownBy(() -> ask(GYM, "how many trainers were fired in 2024"))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("'fired'");
  }

  @Test
  void shouldMatchPartOfAColumn_whenAQuotedLiteralIsInTheColumnNamedAfterIt() {
    SqlDraft d = ask(LibrarySchema.SNAPSHOT, "how many books have 'War' in their title");

    assertThat(d.sql())
        .isEqualTo(
            "SELECT COUNT(*) AS number_of_books FROM public.books b WHERE b.title ILIKE '%War%'");
  }

  @Test
  void shouldDecline_whenTheQuotedLiteralIsInNoTextColumn() {
    assertThatThrownBy(
            () -> ask(LibrarySchema.SNAPSHOT, "how many books have 'War' in their shelf"))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("Could not tell which text column should contain 'War'");
  }

  @Test
  void shouldPutEachValueInTheColumnOfItsDirection_whenAskedFromOneToAnother() {
    SqlDraft d = ask(BANK, "total amount of transfers from ACC-2 to ACC-3");

    assertThat(d.sql()).endsWith("WHERE t.from_account = 'ACC-2' AND t.to_account = 'ACC-3'");
  }

  @Test
  void shouldDecline_whenFromAndToWouldNameTheSameColumn() {
    assertThatThrownBy(() -> ask(LibrarySchema.SNAPSHOT, "how many members from France to Italy"))
        .isInstanceOf(SqmException.class)
        .hasMessageContaining("'from' and 'to' name the same column, members.country");
  }

  @Test
  void shouldAccountForOffer_whenItOnlyLinksTwoTables() {
    SqlDraft d = ask(LibrarySchema.SNAPSHOT, "How many books does each genre offer?");

    assertThat(d.sql()).contains("GROUP BY b.genre");
  }

  private SqlDraft ask(SchemaSnapshot schema, String question) {
    return engine
        .draft(
            new QuestionContext(
                question,
                new DataSourceConfig("t", "Test", "", "t", List.of("public"), true, null),
                schema,
                List.of()))
        .value();
  }

  private static Column col(String name, String type, boolean pk, String comment) {
    return new Column(name, type, !pk, pk, comment, List.of());
  }
}
