package com.sqm.functions.worker;

import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.OfflineQueryEngine;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.SqlAttempt;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The offline engine, counting its calls, whose drafts wait at a gate the test opens: a model call
 * in flight while something else happens (a duplicate delivery, a database restart).
 */
final class GatedEngine implements QueryEngine {
  private final OfflineQueryEngine offline = new OfflineQueryEngine();
  final CountDownLatch drafting = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger drafts = new AtomicInteger();
  final AtomicInteger interpretations = new AtomicInteger();

  @Override
  public String name() {
    return "offline";
  }

  @Override
  public EngineAnswer<SqlDraft> draft(QuestionContext context) {
    drafts.incrementAndGet();
    drafting.countDown();
    try {
      if (!release.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return offline.draft(context);
  }

  @Override
  public Optional<EngineAnswer<SqlDraft>> correct(
      QuestionContext context, List<SqlAttempt> failures) {
    return offline.correct(context, failures);
  }

  @Override
  public EngineAnswer<Interpretation> interpret(
      QuestionContext context, AIAnalysis analysis, String sql, DataResult result) {
    interpretations.incrementAndGet();
    return offline.interpret(context, analysis, sql, result);
  }
}
