package com.sqm.pipeline;

import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryType;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An engine that answers with the SQL it was given, one per call, and remembers what the pipeline
 * sent back to it: the pipeline's side of the engine contract, without a model.
 */
final class ScriptedEngine implements QueryEngine {
  static final TokenUsage USAGE_PER_CALL = new TokenUsage(100, 20, 0.001);

  private final String name;
  private final Deque<Object> sqlOrFailure = new ArrayDeque<>();
  private final List<List<SqlAttempt>> corrections = new ArrayList<>();
  private SqmException interpretFailure;
  private int calls;

  ScriptedEngine(String name, Object... sqlOrFailure) {
    this.name = name;
    this.sqlOrFailure.addAll(List.of(sqlOrFailure));
  }

  ScriptedEngine failingToInterpret(SqmException failure) {
    this.interpretFailure = failure;
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EngineAnswer<SqlDraft> draft(QuestionContext context) {
    return next();
  }

  @Override
  public Optional<EngineAnswer<SqlDraft>> correct(
      QuestionContext context, List<SqlAttempt> failures) {
    corrections.add(List.copyOf(failures));
    return sqlOrFailure.isEmpty() ? Optional.empty() : Optional.of(next());
  }

  @Override
  public EngineAnswer<Interpretation> interpret(
      QuestionContext context, AIAnalysis analysis, String sql, DataResult result) {
    calls++;
    if (interpretFailure != null) {
      throw interpretFailure;
    }
    return new EngineAnswer<>(
        new Interpretation("The answer has " + result.rowCount() + " rows.", List.of(), null),
        USAGE_PER_CALL);
  }

  private EngineAnswer<SqlDraft> next() {
    calls++;
    Object next = sqlOrFailure.poll();
    if (next == null) {
      throw new SqmException(ErrorCode.ENGINE_ERROR, "the script has no more answers");
    }
    if (next instanceof SqmException failure) {
      throw failure;
    }
    AIAnalysis analysis =
        new AIAnalysis(
            QueryType.OTHER, "scripted", List.of(), List.of(), List.of(), List.of(), null, 0.9);
    return new EngineAnswer<>(new SqlDraft(analysis, (String) next), USAGE_PER_CALL);
  }

  /** What each correction request carried: the failed attempts so far. */
  List<List<SqlAttempt>> corrections() {
    return corrections;
  }

  int calls() {
    return calls;
  }
}
