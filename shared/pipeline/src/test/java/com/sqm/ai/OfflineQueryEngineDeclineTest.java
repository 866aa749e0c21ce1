package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The offline engine declines, naming the words it could not place, rather than answering a
 * different question than the one asked (library schema, unseen by the engine).
 */
class OfflineQueryEngineDeclineTest {
  private final OfflineQueryEngine engine = new OfflineQueryEngine();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // A negation the engine cannot place: no related table follows it.
        "which books were never late | 'never'",
        "members who did not complain | 'not'",
        // A value that matches nothing in the data must not be dropped from the plan.
        "how many members in Atlantis | 'Atlantis'",
        // Meaningful words with no shape behind them.
        "what is the ratio of late fees to list prices | 'ratio'",
        "members who borrowed both Crime and Poetry books | 'both'",
        "late fees in 2024 compared to 2023 | 'compared'",
        "how many loans grew | 'grew'",
        "total late fees excluding members | 'excluding'",
        // A number the plan does not use.
        "loans with late fee 30 | '30'",
        // Nothing to rank.
        "top 0 books by late fees | 0 rows",
      })
  void shouldDeclineNamingTheWord_whenAMeaningfulWordIsNotInThePlan(String question, String named) {
    assertThatThrownBy(() -> ask(question))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessageContaining(named);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "drop the members table | 'drop'",
        "please delete all loans | 'delete'",
        "can you update the late fees | 'update'",
      })
  void shouldRefuseToChangeData_whenQuestionIsAnImperativeRequest(String question, String verb) {
    assertThatThrownBy(() -> ask(question))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessageContaining("change data")
        .hasMessageContaining(verb);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "how many books were removed from the catalogue",
    "how many late fees were dropped",
    "which loans had an update"
  })
  void shouldNotTreatAsDataChange_whenTheVerbIsPartOfAQuestion(String question) {
    assertThatThrownBy(() -> ask(question))
        .isInstanceOf(SqmException.class)
        .hasMessageNotContaining("change data");
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
