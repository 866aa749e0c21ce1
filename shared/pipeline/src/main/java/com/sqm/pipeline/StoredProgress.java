package com.sqm.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.ai.Interpretation;
import com.sqm.ai.SqlDraft;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.QueryError;
import com.sqm.model.QueryStage;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import com.sqm.model.Visualization;
import com.sqm.store.QueryProgress;
import com.sqm.store.QueryRepository;
import com.sqm.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a claimed query's progress on its row under the worker's lease: what a stage produced is
 * kept here and written with the start of the next stage, in one statement per stage (the two quick
 * local stages ride along with the next write), so a poller sees each stage that takes time and a
 * retry finds every finished stage's output (its checkpoint) before the next stage begins. Writes
 * that fail because the store blinked are tried again a few times; a write the lease no longer
 * covers stops the worker ({@link LeaseLostException}).
 */
final class StoredProgress implements ProgressRecorder {
  private static final Logger log = LoggerFactory.getLogger(StoredProgress.class);

  /**
   * Stages that take a millisecond or two of local work (the guard's check, building the chart):
   * entering them is not worth a write of its own; the next write records them with their time.
   */
  private static final Set<QueryStage> QUICK =
      EnumSet.of(QueryStage.VALIDATING_SQL, QueryStage.VISUALIZING);

  /** Waits between tries of a store write: long enough to ride out a database restart. */
  private static final List<Duration> STORE_RETRY_WAITS =
      List.of(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));

  private final QueryRepository queries;
  private final ObjectMapper json;
  private final UUID id;
  private final String leaseToken;
  private final TimeBudget budget;

  private QueryStage stage;
  private final Map<String, Long> timings;
  private AIAnalysis analysis;
  private String sql;
  private int drafts;
  private final List<SqlAttempt> attempts;
  private String engine;
  private final Map<String, TokenUsage> stageUsage;
  private TokenUsage totalUsage;
  private DataResult result;
  // Whether the row already holds this result: written once, not again with every later stage.
  private boolean resultStored;
  private String interpretation;

  StoredProgress(
      QueryRepository queries,
      ObjectMapper json,
      UUID id,
      String leaseToken,
      QueryProgress stored,
      TimeBudget budget) {
    this.queries = queries;
    this.json = json;
    this.id = id;
    this.leaseToken = leaseToken;
    this.budget = budget;
    this.stage = stored.stage();
    this.timings = new LinkedHashMap<>(stored.stageTimingsMs());
    this.analysis = stored.analysis();
    this.sql = stored.sql();
    this.drafts = stored.drafts();
    this.attempts = new ArrayList<>(stored.sqlAttempts());
    this.engine = stored.engine();
    this.stageUsage = new LinkedHashMap<>(stored.stageUsage());
    this.totalUsage = stored.totalUsage();
    this.result = stored.result();
    this.resultStored = stored.result() != null;
    this.interpretation = stored.interpretation();
  }

  /** Where the stored progress lets a retry resume. */
  Checkpoint checkpoint() {
    boolean drafted = drafts > 0 && analysis != null && sql != null;
    return new Checkpoint(
        engine,
        drafted ? new SqlDraft(analysis, sql) : null,
        drafted ? drafts : 0,
        attempts,
        drafted ? result : null,
        drafted && result != null ? interpretationOrNull() : null);
  }

  @Override
  public void stageStarted(QueryStage started) {
    stage = started;
    if (!QUICK.contains(started)) {
      write(progress -> queries.recordProgress(id, leaseToken, progress));
    }
  }

  @Override
  public void stageFinished(QueryStage finished, long millis) {
    timings.merge(finished.name(), millis, Long::sum);
  }

  @Override
  public void drafted(SqlDraft draft) {
    analysis = draft.analysis();
    sql = draft.sql();
    drafts++;
  }

  @Override
  public void sqlAttempted(SqlAttempt attempt) {
    attempts.add(attempt);
  }

  @Override
  public void executed(DataResult rows) {
    result = rows;
    resultStored = false;
  }

  @Override
  public void interpreted(Interpretation value) {
    try {
      interpretation = json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Only the checkpoint is lost: a retry would ask for the interpretation again.
      log.warn("interpretation not checkpointed: it could not be serialised");
    }
  }

  @Override
  public void modelUsed(QueryStage spentIn, String engineName, TokenUsage usage) {
    TokenUsage spent = usage == null ? TokenUsage.NONE : usage;
    stageUsage.merge(spentIn.name(), spent, TokenUsage::plus);
    totalUsage = totalUsage.plus(spent);
    if (engineName != null) {
      engine = engineName;
    }
  }

  /** A cached answer stands in for the stages: its analysis, SQL and rows, at no cost. */
  void servedFromCache(CachedAnswer cached) {
    modelUsed(QueryStage.GENERATING_SQL, cached.engine(), TokenUsage.NONE);
    drafted(new SqlDraft(cached.analysis(), cached.sql()));
    executed(cached.result());
  }

  void complete(DataResult rows, String summary, Visualization visualization) {
    if (rows != result) {
      executed(rows);
    }
    write(progress -> queries.complete(id, leaseToken, progress, summary, visualization));
  }

  void fail(QueryError error) {
    write(progress -> queries.fail(id, leaseToken, progress, error));
  }

  /** Hands the query back for another delivery; see {@link QueryRepository#release}. */
  void release(boolean refundAttempt, Duration holdFor) {
    write(progress -> queries.release(id, leaseToken, progress, refundAttempt, holdFor));
  }

  private QueryProgress snapshot() {
    return new QueryProgress(
        stage,
        timings,
        analysis,
        sql,
        drafts,
        attempts,
        engine,
        stageUsage,
        totalUsage,
        resultStored ? null : result,
        interpretation);
  }

  private Interpretation interpretationOrNull() {
    if (interpretation == null) {
      return null;
    }
    try {
      return json.readValue(interpretation, Interpretation.class);
    } catch (JsonProcessingException e) {
      log.warn("ignoring an unreadable interpretation checkpoint");
      return null;
    }
  }

  private void write(Predicate<QueryProgress> statement) {
    QueryProgress progress = snapshot();
    for (int tried = 0; ; tried++) {
      try {
        if (!statement.test(progress)) {
          throw new LeaseLostException(id);
        }
        resultStored = result != null;
        return;
      } catch (StoreException e) {
        if (tried >= STORE_RETRY_WAITS.size()) {
          throw e;
        }
        Duration wait = STORE_RETRY_WAITS.get(tried);
        if (budget.remaining().compareTo(wait.multipliedBy(2)) < 0) {
          throw e;
        }
        log.warn(
            "the query store failed ({}); trying again in {} ms", e.getMessage(), wait.toMillis());
        pause(wait);
      }
    }
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a store write", e);
    }
  }
}
