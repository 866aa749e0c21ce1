package com.sqm.local.eval;

import com.sqm.model.ErrorCode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every question, runs the gold queries right after (so CURRENT_DATE is the same day for both)
 * and scores execution accuracy: correct when the generated result matches any expansion of the
 * gold pattern.
 */
public final class EvalRunner {
  private static final Logger log = LoggerFactory.getLogger(EvalRunner.class);

  private final EvalAsker asker;
  private final Function<String, LoadedDatabase> databases;
  private final GoldQueryRunner gold;
  private final ResultComparator comparator;

  public EvalRunner(
      EvalAsker asker,
      Function<String, LoadedDatabase> databases,
      GoldQueryRunner gold,
      ResultComparator comparator) {
    this.asker = asker;
    this.databases = databases;
    this.gold = gold;
    this.comparator = comparator;
  }

  /** Scores {@code questions} in order; {@code progress} hears of each outcome as it is known. */
  public EvalReport run(
      List<EvalQuestion> questions,
      String engine,
      String dataset,
      Consumer<QuestionOutcome> progress) {
    long start = System.nanoTime();
    List<QuestionOutcome> outcomes = new ArrayList<>(questions.size());
    for (EvalQuestion question : questions) {
      QuestionOutcome outcome = score(question);
      outcomes.add(outcome);
      progress.accept(outcome);
    }
    return EvalReport.of(engine, dataset, (System.nanoTime() - start) / 1_000_000, outcomes);
  }

  /** The verdict on one question. */
  public QuestionOutcome score(EvalQuestion question) {
    long start = System.nanoTime();
    LoadedDatabase db = databases.apply(question.database());
    EvalAnswer answer;
    try {
      answer = asker.ask(db.dataSource(), question.question(), question.instructions());
    } catch (RuntimeException e) {
      // an asker should report failures as answers; one that throws has written no SQL we know of
      log.warn("the asker failed on a question of database {}", question.database(), e);
      answer = EvalAnswer.error(null, ErrorCode.INTERNAL_ERROR.name(), String.valueOf(e));
    }
    Verdict verdict;
    String goldError = null;
    if (!answer.answered()) {
      verdict = Verdict.DECLINED;
    } else if (!answer.hasResult()) {
      verdict = Verdict.FAILED;
    } else {
      GoldMatch match = matchGold(question, db, answer);
      verdict = match.matched() ? Verdict.CORRECT : Verdict.WRONG;
      goldError = match.error();
    }
    return new QuestionOutcome(
        question.database(),
        question.category(),
        question.question(),
        question.instructions(),
        question.goldQuery(),
        answer.sql(),
        verdict,
        answer.errorCode(),
        answer.errorMessage(),
        goldError,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Whether any gold query matched; {@code error}: none of them ran (the last failure). */
  private record GoldMatch(boolean matched, String error) {}

  private GoldMatch matchGold(EvalQuestion question, LoadedDatabase db, EvalAnswer answer) {
    ResultTable generated = new ResultTable(answer.columns(), answer.rows());
    List<String> goldQueries;
    try {
      goldQueries = GoldPatterns.expand(question.goldQuery());
    } catch (IllegalArgumentException e) {
      return new GoldMatch(false, e.getMessage());
    }
    boolean anyRan = false;
    String lastError = null;
    for (String goldSql : goldQueries) {
      ResultTable expected;
      try {
        expected = gold.run(db.gold(), goldSql);
      } catch (SQLException e) {
        lastError = e.getMessage();
        log.debug("a gold query of database {} failed: {}", question.database(), e.getMessage());
        continue;
      }
      anyRan = true;
      if (comparator.matches(expected, generated, RowOrder.matters(question.question(), goldSql))) {
        return new GoldMatch(true, null);
      }
    }
    return new GoldMatch(false, anyRan ? null : lastError);
  }
}
