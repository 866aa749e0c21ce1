package com.sqm.pipeline;

import com.sqm.ai.ChartChoice;
import com.sqm.ai.Interpretation;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.Visualization;
import java.math.BigDecimal;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an executed result and an engine's interpretation into what the caller reads: a summary
 * that only states numbers the result holds (the model's when grounded, else the deterministic
 * one), says an empty result plainly and a cut-short one openly, and a validated chart.
 */
public final class AnswerPresenter {
  private static final Logger log = LoggerFactory.getLogger(AnswerPresenter.class);

  private static final Pattern SAYS_CUT =
      Pattern.compile(
          "\\b(truncat\\w*|cut( short| off)? at|capped at|limited to|only the first)\\b",
          Pattern.CASE_INSENSITIVE);

  private final ResultSummarizer summarizer;
  private final SummaryGrounding grounding;
  private final ChartSuggester charts;

  public AnswerPresenter() {
    this(new ResultSummarizer(), new SummaryGrounding(), new ChartSuggester());
  }

  public AnswerPresenter(
      ResultSummarizer summarizer, SummaryGrounding grounding, ChartSuggester charts) {
    this.summarizer = summarizer;
    this.grounding = grounding;
    this.charts = charts;
  }

  /** Where a summary came from. */
  public enum SummarySource {
    /** The engine's (model's) own sentences, every number in them found in the result. */
    MODEL,
    /** {@link ResultSummarizer}'s sentences, written from the rows without a model. */
    DETERMINISTIC
  }

  /** The presented answer: the summary, its source, and the chart (a table when none fits). */
  public record PresentedAnswer(
      String summary, SummarySource summarySource, Visualization visualization) {}

  /**
   * The summary and chart for {@code result}; {@code analysis} and {@code interpretation} (or its
   * summary and chart choice) may be null.
   */
  public PresentedAnswer present(
      String question, AIAnalysis analysis, DataResult result, Interpretation interpretation) {
    String deterministic = summarizer.summarize(question, analysis, result);
    ChartChoice choice = interpretation == null ? null : interpretation.chart();
    if (result == null || result.rows().isEmpty()) {
      // Nothing matched: any sentence about figures would be invented.
      return new PresentedAnswer(
          deterministic,
          SummarySource.DETERMINISTIC,
          charts.suggest(question, analysis, result, choice));
    }
    Visualization chart =
        charts.suggest(question, analysis, result, groundedTitle(choice, result, question));
    String model = interpretation == null ? null : interpretation.summary();
    if (model == null || model.isBlank() || model.strip().equals(deterministic)) {
      return new PresentedAnswer(deterministic, SummarySource.DETERMINISTIC, chart);
    }
    SummaryGrounding.Grounding verdict = grounding.check(model, result, question);
    if (!verdict.grounded()) {
      log.info(
          "model summary not grounded ({} numbers or dates not in the result): deterministic"
              + " summary used",
          verdict.ungrounded().size());
      return new PresentedAnswer(deterministic, SummarySource.DETERMINISTIC, chart);
    }
    return new PresentedAnswer(sayTruncation(model.strip(), result), SummarySource.MODEL, chart);
  }

  /** The choice, without its title when the title states a number the result does not hold. */
  private ChartChoice groundedTitle(ChartChoice choice, DataResult result, String question) {
    if (choice == null
        || choice.title() == null
        || choice.title().chars().noneMatch(Character::isDigit)
        || grounding.check(choice.title(), result, question).grounded()) {
      return choice;
    }
    log.info("chart title not grounded: the question is used instead");
    return new ChartChoice(choice.type(), choice.x(), choice.y(), choice.color(), null);
  }

  /** Appends the cut-short sentence unless the text already says the result was cut at N rows. */
  private static String sayTruncation(String summary, DataResult result) {
    if (!result.truncated()) {
      return summary;
    }
    int rows = result.rows().size();
    boolean saysCount =
        NumberMentions.in(summary).numbers().stream()
            .anyMatch(n -> n.meant().compareTo(BigDecimal.valueOf(rows)) == 0);
    if (saysCount && SAYS_CUT.matcher(summary).find()) {
      return summary;
    }
    String sentence = summary.matches("(?s).*[.!?]$") ? summary : summary + ".";
    return sentence + " " + ResultSummarizer.truncationNote(rows);
  }
}
