package com.sqm.local.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one evaluation run: per question, and tallied per database, per category and
 * overall.
 */
public record EvalReport(
    String engine,
    String dataset,
    long wallTimeMs,
    EvalTally overall,
    Map<String, EvalTally> byDatabase,
    Map<String, EvalTally> byCategory,
    int goldErrors,
    List<QuestionOutcome> questions) {

  /** The report of {@code outcomes}, groups in name order. */
  public static EvalReport of(
      String engine, String dataset, long wallTimeMs, List<QuestionOutcome> outcomes) {
    EvalTally overall = EvalTally.EMPTY;
    Map<String, EvalTally> byDatabase = new TreeMap<>();
    Map<String, EvalTally> byCategory = new TreeMap<>();
    int goldErrors = 0;
    for (QuestionOutcome o : outcomes) {
      overall = overall.plus(o.verdict());
      byDatabase.merge(
          o.database(), EvalTally.EMPTY.plus(o.verdict()), (a, b) -> a.plus(o.verdict()));
      byCategory.merge(
          o.category(), EvalTally.EMPTY.plus(o.verdict()), (a, b) -> a.plus(o.verdict()));
      goldErrors += o.goldError() == null ? 0 : 1;
    }
    return new EvalReport(
        engine,
        dataset,
        wallTimeMs,
        overall,
        Collections.unmodifiableMap(new LinkedHashMap<>(byDatabase)),
        Collections.unmodifiableMap(new LinkedHashMap<>(byCategory)),
        goldErrors,
        List.copyOf(outcomes));
  }
}
