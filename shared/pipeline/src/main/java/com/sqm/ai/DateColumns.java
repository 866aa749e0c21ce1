package com.sqm.ai;

import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.Kind;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.Set;

/** Picks the column a time phrase applies to: the date the question means, or a year column. */
final class DateColumns {
  private final SchemaVocabulary vocab;
  private final QuestionTokens q;
  private final SchemaResolver resolver;

  DateColumns(SchemaVocabulary vocab, QuestionTokens q, SchemaResolver resolver) {
    this.vocab = vocab;
    this.q = q;
    this.resolver = resolver;
  }

  /**
   * A column that holds the year as a number or text ("year"), on {@code base} or a table joined to
   * it, when no date column is near; null otherwise.
   */
  ColumnInfo yearColumn(TableInfo base) {
    ColumnInfo best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ColumnInfo c : vocab.columns) {
      int d = vocab.distance(base, c.table);
      if (c.kind == Kind.DATE && d >= 0 && d <= 2) {
        return null;
      }
      boolean year = c.words.equals("year") && (c.kind == Kind.NUMBER || c.kind == Kind.TEXT);
      if (year && d >= 0 && d <= 1 && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  ColumnInfo dateColumn(TableInfo base) {
    ColumnInfo best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (ColumnInfo c : vocab.columns) {
      if (c.kind != Kind.DATE) {
        continue;
      }
      int d = vocab.distance(base, c.table);
      if (d < 0 || d > 2) {
        continue;
      }
      double s = -3.0 * d;
      for (int i = 0; i < q.size(); i++) {
        // Words naming a table pick the entity, not which of its dates to filter on: "customers"
        // must not pull "signed up" dates into "which customers spent most last quarter".
        if (!Words.STOP_WORDS.contains(q.word(i)) && !resolver.namesTable(q.stem(i))) {
          s += 10 * Math.min(1, SchemaVocabulary.score(c, q.stem(i)));
        }
      }
      s += c.nameStems.contains("date") ? 1 : 0;
      boolean audit =
          c.nameStems.stream()
              .anyMatch(
                  w ->
                      Set.of("crtd", "created", "updated", "modified", "inserted", "ts")
                          .contains(w));
      s -= audit ? 2 : 0;
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    if (best == null) {
      throw new SqmException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          "The question names a time period, but " + base.name() + " has no related date column.");
    }
    return best;
  }
}
