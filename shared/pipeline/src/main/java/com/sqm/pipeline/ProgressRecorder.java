package com.sqm.pipeline;

import com.sqm.model.AIAnalysis;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;

/**
 * Where {@link QuestionAnswerer} reports progress: the worker records it on the stored query so
 * pollers see it; {@code ./sqm ask} and the evaluation ignore it ({@link #NONE}).
 */
public interface ProgressRecorder {
  /** Reports nothing. */
  ProgressRecorder NONE =
      new ProgressRecorder() {
        @Override
        public void stageStarted(QueryStage stage) {}

        @Override
        public void stageFinished(QueryStage stage, long millis) {}

        @Override
        public void analysed(AIAnalysis analysis) {}

        @Override
        public void sqlAttempted(SqlAttempt attempt) {}

        @Override
        public void modelUsed(QueryStage stage, String engine, TokenUsage usage) {}
      };

  void stageStarted(QueryStage stage);

  /** A stage ended after {@code millis}; a stage repeated by a correction reports each time. */
  void stageFinished(QueryStage stage, long millis);

  void analysed(AIAnalysis analysis);

  /** One SQL the engine wrote and what became of it, in order. */
  void sqlAttempted(SqlAttempt attempt);

  /** The engine that worked on {@code stage} and the tokens it spent there. */
  void modelUsed(QueryStage stage, String engine, TokenUsage usage);
}
