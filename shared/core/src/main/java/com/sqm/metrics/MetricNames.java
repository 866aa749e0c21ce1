package com.sqm.metrics;

import com.sqm.model.QueryStage;
import java.util.List;
import java.util.Map;

/**
 * The service's CloudWatch metrics: one namespace, and every metric with the dimensions it is
 * published under. The template's dashboard and alarms use these names (a test checks it). Every
 * dimension is low-cardinality: a stage, an engine, a status or an error code, never a user, a
 * query or a data source.
 */
public final class MetricNames {
  /** The namespace unless {@link #NAMESPACE_SETTING} names another. */
  public static final String DEFAULT_NAMESPACE = "SmartQueryManager";

  /** The environment variable that names the namespace (the template sets it on the worker). */
  public static final String NAMESPACE_SETTING = "SQM_METRICS_NAMESPACE";

  /** Milliseconds one stage of an answer took; a stage repeated by a correction counts each run. */
  public static final String STAGE_LATENCY = "StageLatency";

  /** Prompt tokens the model was sent for one query. */
  public static final String MODEL_PROMPT_TOKENS = "ModelPromptTokens";

  /** Completion tokens the model wrote for one query. */
  public static final String MODEL_COMPLETION_TOKENS = "ModelCompletionTokens";

  /** Estimated model cost of one query in US dollars (by engine and in total). */
  public static final String MODEL_COST = "ModelCostUsd";

  /** A question answered from the answer cache. */
  public static final String ANSWER_CACHE_HITS = "AnswerCacheHits";

  /** A question the answer cache did not hold (asked only when the query allows the cache). */
  public static final String ANSWER_CACHE_MISSES = "AnswerCacheMisses";

  /** A query that ended: COMPLETED, or FAILED with its error code. */
  public static final String QUERIES = "Queries";

  /** A delivery that handed its query back to the queue for another attempt. */
  public static final String RETRIES = "Retries";

  /** Milliseconds a work-queue message waited between being sent and this pick-up. */
  public static final String QUEUE_AGE = "QueueAge";

  public static final String STAGE = "Stage";
  public static final String ENGINE = "Engine";
  public static final String STATUS = "Status";
  public static final String ERROR_CODE = "ErrorCode";

  /** The stages whose latency is measured, in the order an answer runs them. */
  public static final List<QueryStage> TIMED_STAGES =
      List.of(
          QueryStage.ANALYZING_INTENT,
          QueryStage.GENERATING_SQL,
          QueryStage.VALIDATING_SQL,
          QueryStage.EXECUTING_SQL,
          QueryStage.SUMMARIZING,
          QueryStage.VISUALIZING);

  /** The {@link #ERROR_CODE} of a query that completed. */
  public static final String NO_ERROR = "NONE";

  /**
   * Every metric and the dimension sets it is published under (an empty set: the metric without
   * dimensions).
   */
  public static final Map<String, List<List<String>>> PUBLISHED =
      Map.of(
          STAGE_LATENCY, List.of(List.of(STAGE)),
          MODEL_PROMPT_TOKENS, List.of(List.of(ENGINE), List.of()),
          MODEL_COMPLETION_TOKENS, List.of(List.of(ENGINE), List.of()),
          MODEL_COST, List.of(List.of(ENGINE), List.of()),
          ANSWER_CACHE_HITS, List.of(List.of()),
          ANSWER_CACHE_MISSES, List.of(List.of()),
          QUERIES, List.of(List.of(STATUS), List.of(STATUS, ERROR_CODE)),
          RETRIES, List.of(List.of()),
          QUEUE_AGE, List.of(List.of()));

  private MetricNames() {}
}
