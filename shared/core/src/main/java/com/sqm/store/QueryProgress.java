package com.sqm.store;

import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import com.sqm.model.UserQuery;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the pipeline records on a query while it holds the query's lease: the stage it is in,
 * stage timings, the latest SQL draft and how many there were, the SQL attempts, model usage, and
 * the checkpoints a retry resumes from (the rows, the engine's interpretation as JSON). The worker
 * holding the lease is the only writer, so it keeps the whole state and writes it in one statement
 * per stage boundary. A null {@code result} or {@code interpretation} leaves the stored one as it
 * is, so rows already written are not written again with every later stage.
 */
public record QueryProgress(
    QueryStage stage,
    Map<String, Long> stageTimingsMs,
    AIAnalysis analysis,
    String sql,
    int drafts,
    List<SqlAttempt> sqlAttempts,
    String engine,
    Map<String, TokenUsage> stageUsage,
    TokenUsage totalUsage,
    DataResult result,
    String interpretation) {

  public QueryProgress {
    stageTimingsMs = Map.copyOf(stageTimingsMs);
    sqlAttempts = List.copyOf(sqlAttempts);
    stageUsage = Collections.unmodifiableMap(new LinkedHashMap<>(stageUsage));
    totalUsage = totalUsage == null ? TokenUsage.NONE : totalUsage;
  }

  /** What the row already holds, as the claim returned it. */
  public static QueryProgress of(UserQuery query) {
    return new QueryProgress(
        query.stage(),
        query.stageTimingsMs(),
        query.analysis(),
        query.sql(),
        query.drafts(),
        query.sqlAttempts(),
        query.engine(),
        query.stageUsage(),
        query.tokenUsage(),
        query.result(),
        query.interpretation());
  }
}
