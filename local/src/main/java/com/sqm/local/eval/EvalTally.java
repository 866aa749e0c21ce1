package com.sqm.local.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Counts for a group of questions and the rates derived from them: accuracy (correct / all),
 * coverage (answered / all) and precision (correct / answered).
 */
public record EvalTally(int questions, int answered, int correct, int failed) {
  public static final EvalTally EMPTY = new EvalTally(0, 0, 0, 0);

  /** This tally with one more question of verdict {@code verdict}. */
  public EvalTally plus(Verdict verdict) {
    return new EvalTally(
        questions + 1,
        answered + (verdict.answered() ? 1 : 0),
        correct + (verdict == Verdict.CORRECT ? 1 : 0),
        failed + (verdict == Verdict.FAILED ? 1 : 0));
  }

  @JsonProperty
  public double accuracy() {
    return ratio(correct, questions);
  }

  @JsonProperty
  public double coverage() {
    return ratio(answered, questions);
  }

  /** Correct among answered; 0 when nothing was answered. */
  @JsonProperty
  public double precision() {
    return ratio(correct, answered);
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
