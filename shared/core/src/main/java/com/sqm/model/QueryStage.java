package com.sqm.model;

/**
 * The pipeline stage a query is in (or last finished); recorded on the row so pollers see progress.
 */
public enum QueryStage {
  RECEIVED,
  ANALYZING_INTENT,
  GENERATING_SQL,
  VALIDATING_SQL,
  EXECUTING_SQL,
  SUMMARIZING,
  VISUALIZING,
  DONE
}
