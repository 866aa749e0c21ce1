package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.ai.ChartChoice;
import com.sqm.ai.Interpretation;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.QueryType;
import com.sqm.pipeline.AnswerPresenter.PresentedAnswer;
import com.sqm.pipeline.AnswerPresenter.SummarySource;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerPresenterTest {
  private static final String QUESTION = "revenue by category";
  private static final AIAnalysis ANALYSIS =
      new AIAnalysis(
          QueryType.GROUPED_AGGREGATE, "", List.of(), List.of(), List.of(), List.of(), null, 0.9);

  private final AnswerPresenter presenter = new AnswerPresenter();

  @Test
  void shouldKeepModelSummaryAndChoice_whenEveryNumberIsInTheResult() {
    Interpretation interpretation =
        interpretation(
            "Books led with 1,234.57, ahead of Garden at 765.40.",
            new ChartChoice(ChartType.PIE, "category", "revenue", null, "Revenue by category"));

    PresentedAnswer answer =
        presenter.present(QUESTION, ANALYSIS, categories(false), interpretation);

    assertThat(answer.summary()).isEqualTo("Books led with 1,234.57, ahead of Garden at 765.40.");
    assertThat(answer.summarySource()).isEqualTo(SummarySource.MODEL);
    assertThat(answer.visualization().chartType()).isEqualTo(ChartType.PIE);
    assertThat(answer.visualization().title()).isEqualTo("Revenue by category");
  }

  @Test
  void shouldUseDeterministicSummary_whenModelInventsANumber() {
    DataResult result = categories(false);
    Interpretation interpretation =
        interpretation("Books led with 1,234.57, up 18% on last year.", null);

    PresentedAnswer answer = presenter.present(QUESTION, ANALYSIS, result, interpretation);

    assertThat(answer.summarySource()).isEqualTo(SummarySource.DETERMINISTIC);
    assertThat(answer.summary())
        .isEqualTo(new ResultSummarizer().summarize(QUESTION, ANALYSIS, result))
        .doesNotContain("18%");
    assertThat(answer.visualization().chartType()).isEqualTo(ChartType.BAR);
  }

  @Test
  void shouldSayNoRowsMatched_whenResultIsEmptyWhateverTheModelSays() {
    DataResult empty =
        new DataResult(List.of(new ColumnMeta("category", "text")), List.of(), 0, false);
    Interpretation interpretation =
        interpretation(
            "There are 0 categories.",
            new ChartChoice(ChartType.BAR, "category", null, null, null));

    PresentedAnswer answer = presenter.present(QUESTION, ANALYSIS, empty, interpretation);

    assertThat(answer.summary()).isEqualTo("No rows match the question.");
    assertThat(answer.summarySource()).isEqualTo(SummarySource.DETERMINISTIC);
    assertThat(answer.visualization().chartType()).isEqualTo(ChartType.TABLE);
    assertThat(answer.visualization().spec()).isNull();
  }

  @Test
  void shouldAppendCutShortSentence_whenTruncatedAndModelDoesNotSayIt() {
    Interpretation interpretation = interpretation("Books led with 1,234.57", null);

    PresentedAnswer answer =
        presenter.present(QUESTION, ANALYSIS, categories(true), interpretation);

    assertThat(answer.summarySource()).isEqualTo(SummarySource.MODEL);
    assertThat(answer.summary())
        .isEqualTo(
            "Books led with 1,234.57. The result was cut short at 2 rows, so these figures cover"
                + " only the rows returned.");
  }

  @Test
  void shouldNotRepeatCutShortSentence_whenModelAlreadySaysIt() {
    Interpretation interpretation =
        interpretation(
            "Only the first 2 rows came back (truncated); Books led with 1,234.57.", null);

    PresentedAnswer answer =
        presenter.present(QUESTION, ANALYSIS, categories(true), interpretation);

    assertThat(answer.summary())
        .isEqualTo("Only the first 2 rows came back (truncated); Books led with 1,234.57.");
  }

  @Test
  void shouldAppendCutShortSentence_whenModelMentionsCountButNotTheCut() {
    Interpretation interpretation =
        interpretation("Of 2 categories, Books came first with 1,234.57.", null);

    PresentedAnswer answer =
        presenter.present(QUESTION, ANALYSIS, categories(true), interpretation);

    assertThat(answer.summary())
        .endsWith(
            "The result was cut short at 2 rows, so these figures"
                + " cover only the rows returned.");
  }

  @Test
  void shouldSayCutShort_whenDeterministicSummaryOfTruncatedResult() {
    PresentedAnswer answer = presenter.present(QUESTION, ANALYSIS, categories(true), null);

    assertThat(answer.summarySource()).isEqualTo(SummarySource.DETERMINISTIC);
    assertThat(answer.summary())
        .endsWith("cut short at 2 rows, so these figures cover only the rows returned.");
  }

  @Test
  void shouldUseDeterministicSummary_whenInterpretationHasNoSummary() {
    PresentedAnswer answer =
        presenter.present(QUESTION, ANALYSIS, categories(false), interpretation(" ", null));

    assertThat(answer.summarySource()).isEqualTo(SummarySource.DETERMINISTIC);
    assertThat(answer.summary()).startsWith("Revenue by category (2 groups)");
  }

  @Test
  void shouldDropChartTitle_whenItStatesANumberNotInTheResult() {
    Interpretation interpretation =
        interpretation(
            null, new ChartChoice(ChartType.BAR, "category", "revenue", null, "Top 10 categories"));

    PresentedAnswer answer =
        presenter.present(QUESTION + "?", ANALYSIS, categories(false), interpretation);

    assertThat(answer.visualization().title()).isEqualTo("Revenue by category");
  }

  private static Interpretation interpretation(String summary, ChartChoice chart) {
    return new Interpretation(summary, List.of(), chart);
  }

  private static DataResult categories(boolean truncated) {
    return new DataResult(
        List.of(new ColumnMeta("category", "text"), new ColumnMeta("revenue", "numeric")),
        List.of(
            List.of("Books", new BigDecimal("1234.5678")),
            List.of("Garden", new BigDecimal("765.40"))),
        2,
        truncated);
  }
}
