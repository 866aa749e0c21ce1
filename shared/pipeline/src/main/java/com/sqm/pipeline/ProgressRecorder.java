package com.sqm.pipeline;

import com.sqm.ai.Interpretation;
import com.sqm.ai.ModelAnswerException;
import com.sqm.ai.SqlDraft;
import com.sqm.model.DataResult;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import java.util.function.Supplier;

/**
 * Where {@link QuestionAnswerer} reports progress: the worker records it on the stored query so
 * pollers see it and a retry can resume from its checkpoints; {@code ./sqm ask} and the evaluation
 * keep only the attempts. Each report is optional to listen to: the methods do nothing unless
 * overridden.
 */
public interface ProgressRecorder {
  /** Reports nothing. */
  ProgressRecorder NONE = new ProgressRecorder() {};

  default void stageStarted(QueryStage stage) {}

  /** A stage ended after {@code millis}; a stage repeated by a correction reports each time. */
  default void stageFinished(QueryStage stage, long millis) {}

  /** The engine wrote a SQL draft: the first one, or a correction. */
  default void drafted(SqlDraft draft) {}

  /** One SQL the engine wrote and what became of it, in order. */
  default void sqlAttempted(SqlAttempt attempt) {}

  /** The SQL ran and returned these rows. */
  default void executed(DataResult result) {}

  /** The engine's interpretation of the rows. */
  default void interpreted(Interpretation interpretation) {}

  /** The engine that worked on {@code stage} and the tokens it spent there. */
  default void modelUsed(QueryStage stage, String engine, TokenUsage usage) {}

  /**
   * Runs one engine call for {@code stage}; when it fails after the model answered (a refusal, "not
   * answerable", an unreadable answer), that answer's tokens are still reported.
   */
  default <T> T billing(QueryStage stage, String engine, Supplier<T> call) {
    try {
      return call.get();
    } catch (ModelAnswerException e) {
      modelUsed(stage, engine, e.usage());
      throw e;
    }
  }
}
