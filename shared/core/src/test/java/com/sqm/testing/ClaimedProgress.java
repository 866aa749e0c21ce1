package com.sqm.testing;

import com.sqm.model.QueryStage;
import com.sqm.store.QueryProgress;
import com.sqm.store.QueryRepository;

/** Progress a test records on a claimed query, as a worker moving it along would. */
public final class ClaimedProgress {
  private ClaimedProgress() {}

  /** What the claimed row holds, moved on to {@code stage}; rows and interpretation untouched. */
  public static QueryProgress movedTo(QueryRepository.Claim.Granted claim, QueryStage stage) {
    QueryProgress current = QueryProgress.of(claim.query());
    return new QueryProgress(
        stage,
        current.stageTimingsMs(),
        current.analysis(),
        current.sql(),
        current.drafts(),
        current.sqlAttempts(),
        current.engine(),
        current.stageUsage(),
        current.totalUsage(),
        null,
        null);
  }
}
