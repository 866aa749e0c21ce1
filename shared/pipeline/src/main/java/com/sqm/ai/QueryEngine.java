package com.sqm.ai;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.SqlAttempt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns a question into an analysis and SQL, and a result into an interpretation. Implementations:
 * the deterministic {@link OfflineQueryEngine} and the model-backed {@code OpenAiQueryEngine}.
 * Whatever SQL an engine writes goes through the SQL guard before it reaches a data source; engines
 * never call back into the pipeline.
 *
 * <p>Throws {@link com.sqm.model.SqmException} with QUESTION_NOT_ANSWERABLE when the question
 * cannot be answered from the schema (never a guess), MODEL_UNAVAILABLE when the model could not be
 * reached (a transient failure), or ENGINE_ERROR when the engine itself failed.
 */
public interface QueryEngine extends AutoCloseable {
  /** Short name stored with results, e.g. "offline" or "openai:gpt-4o-mini". */
  String name();

  /** The intent analysis and one PostgreSQL SELECT answering the question (no semicolon). */
  EngineAnswer<SqlDraft> draft(QuestionContext context);

  /**
   * Another SELECT after the earlier ones failed ({@code failures}, oldest first, each with the
   * parse, guard or database error); empty when the engine has nothing else to offer.
   */
  Optional<EngineAnswer<SqlDraft>> correct(QuestionContext context, List<SqlAttempt> failures);

  /** A summary of the actual result rows, its key figures and a chart choice. */
  EngineAnswer<Interpretation> interpret(
      QuestionContext context, AIAnalysis analysis, String sql, DataResult result);

  /**
   * The longest one call ({@link #draft}, {@link #correct} or {@link #interpret}) may take, retries
   * included: a stage starts only when the worker has this much time left.
   */
  default Duration longestCall() {
    return Duration.ofSeconds(5);
  }

  /**
   * Whether the engine's calls spend model tokens, and so a user's daily token budget: true unless
   * the engine answers without a model.
   */
  default boolean spendsTokens() {
    return true;
  }

  /** Releases the engine's clients; engines without any need not override it. */
  @Override
  default void close() {}
}
