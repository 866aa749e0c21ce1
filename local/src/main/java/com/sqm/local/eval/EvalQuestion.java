package com.sqm.local.eval;

/**
 * One evaluation question: the database it is about, its category, the question, the gold query
 * pattern (see {@link GoldPatterns}) and optional instructions that belong with the question.
 */
public record EvalQuestion(
    String database, String category, String question, String goldQuery, String instructions) {
  public EvalQuestion {
    instructions = instructions == null || instructions.isBlank() ? null : instructions.strip();
  }
}
