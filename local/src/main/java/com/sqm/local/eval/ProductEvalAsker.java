package com.sqm.local.eval;

import com.sqm.model.ColumnMeta;
import com.sqm.model.DataSourceConfig;
import com.sqm.pipeline.AdHocQuestions;
import com.sqm.pipeline.AdHocQuestions.Outcome;

/**
 * Asks through the product's own path, the {@link AdHocQuestions} behind {@code ./sqm ask}: the
 * worker's stages with self-correction, guard and bounded execution, so the figures measure what a
 * user gets.
 */
public final class ProductEvalAsker implements EvalAsker {
  private final AdHocQuestions questions;

  public ProductEvalAsker(AdHocQuestions questions) {
    this.questions = questions;
  }

  @Override
  public EvalAnswer ask(DataSourceConfig dataSource, String question, String instructions) {
    Outcome outcome = questions.ask(dataSource, question, instructions);
    if (outcome.error() != null) {
      return EvalAnswer.error(
          outcome.lastSql(), outcome.error().code().name(), outcome.error().getMessage());
    }
    return EvalAnswer.result(
        outcome.answer().sql(),
        outcome.answer().result().columns().stream().map(ColumnMeta::name).toList(),
        outcome.answer().result().rows());
  }
}
