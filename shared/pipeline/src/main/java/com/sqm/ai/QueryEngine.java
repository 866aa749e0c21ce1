package com.sqm.ai;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;

/**
 * Turns a question into an analysis, SQL and a summary. Implementations: the deterministic {@link
 * OfflineQueryEngine}; a model-backed engine later. Whatever SQL an engine writes goes through the
 * SQL guard before it reaches a data source.
 *
 * <p>Throws {@link com.sqm.model.SqmException} with QUESTION_NOT_ANSWERABLE when the question
 * cannot be answered from the schema (never a guess), or ENGINE_ERROR when the engine itself
 * failed.
 */
public interface QueryEngine {
  /** Short name stored with results, e.g. "offline" or "openai:gpt-4o-mini". */
  String name();

  EngineAnswer<AIAnalysis> analyze(QuestionContext context);

  /** One PostgreSQL SELECT answering the question (no trailing semicolon). */
  EngineAnswer<String> generateSql(QuestionContext context, AIAnalysis analysis);

  /** Sentences describing the actual result rows. */
  EngineAnswer<String> summarize(
      QuestionContext context, AIAnalysis analysis, String sql, DataResult result);
}
