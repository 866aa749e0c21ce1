package com.sqm.ai;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.Kind;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves words of a question to the schema: which table, column or numeric measure a phrase
 * names, which date column a time filter applies to.
 */
final class SchemaResolver {
  static final double MIN_MEASURE_SCORE = 1.5;
  static final double MIN_NAME_SCORE = 2;

  enum Kind2 {
    TABLE,
    COLUMN,
    MEASURE,
    NONE
  }

  /** What a phrase names, how strongly, and the words that named it. */
  record Resolution(
      Kind2 kind, TableInfo table, ColumnInfo column, double score, List<Integer> tokens) {
    static final Resolution NONE = new Resolution(Kind2.NONE, null, null, 0, List.of());
  }

  private final SchemaVocabulary vocab;
  private final QuestionTokens q;

  SchemaResolver(SchemaVocabulary vocab, QuestionTokens q) {
    this.vocab = vocab;
    this.q = q;
  }

  /** Up to three content words from {@code start}, stopping at a used or grammar word. */
  List<Integer> phrase(int start) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = start; i < q.size() && tokens.size() < 3; i++) {
      String w = q.word(i);
      if (q.used(i) || ShapeWords.GROUP_WORDS.contains(w) || QuestionNumbers.parse(w) != null) {
        if (tokens.isEmpty() && !ShapeWords.GROUP_WORDS.contains(w) && q.used(i)) {
          continue;
        }
        break;
      }
      if (Words.STOP_WORDS.contains(w) || Words.SHAPE_WORDS.contains(w)) {
        if (tokens.isEmpty()) {
          continue;
        }
        break;
      }
      tokens.add(i);
    }
    return tokens;
  }

  Resolution resolve(List<Integer> tokens) {
    if (tokens.isEmpty()) {
      return Resolution.NONE;
    }
    TableInfo bestTable = null;
    double tableScore = 0;
    for (TableInfo t : vocab.tables) {
      double s = 0;
      Set<String> covered = new LinkedHashSet<>();
      for (int i : tokens) {
        double ts = SchemaVocabulary.score(t, q.stem(i));
        s += ts;
        if (ts >= 3) {
          covered.add(q.stem(i));
        }
      }
      if (s > 0 && covered.containsAll(Words.contentStems(t.words))) {
        s += 0.5;
      }
      // English compounds name their head last: "business category" is a category.
      int head = tokens.get(tokens.size() - 1);
      if (tokens.size() > 1 && SchemaVocabulary.score(t, q.stem(head)) >= 3) {
        s += 0.5;
      }
      if (s > 0) {
        s += 0.25 * contextScore(t);
      }
      if (s > tableScore) {
        bestTable = t;
        tableScore = s;
      }
    }
    ColumnInfo bestColumn = null;
    double columnScore = 0;
    ColumnInfo bestMeasure = null;
    double measureScore = 0;
    for (ColumnInfo c : vocab.columns) {
      if (c.key) {
        continue;
      }
      double s = 0;
      double own = 0;
      // "aircraft code" spells aircraft_code whole: a column, though both words name tables.
      boolean spelledWhole = wholeName(c, tokens);
      for (int i : tokens) {
        double cs = SchemaVocabulary.score(c, q.stem(i));
        if (!c.isMeasure() && namesTable(q.stem(i)) && !spelledWhole) {
          // "payments" names a table; that its columns start with "payment" does not make it a
          // column.
          cs = Math.min(cs, 1);
        }
        own += cs;
        s += cs;
        if (cs == 0 && SchemaVocabulary.score(c.table, q.stem(i)) >= MIN_NAME_SCORE) {
          s += 1;
        }
      }
      if (own == 0) {
        continue;
      }
      s += 0.25 * contextScore(c.table);
      if (c.isMeasure()) {
        if (s > measureScore) {
          bestMeasure = c;
          measureScore = s;
        }
      } else if (s > columnScore && c.kind != Kind.DATE) {
        bestColumn = c;
        columnScore = s;
      }
    }
    // A measure beats a table only when the words spell its whole name: "review count" is
    // review_count, "payments" are still the payments table.
    boolean measureFirst =
        Math.max(tableScore, columnScore) < MIN_NAME_SCORE
            || bestMeasure != null
                && measureScore > Math.max(tableScore, columnScore) + 0.25
                && spelled(tokens).containsAll(bestMeasure.nameStems);
    if (measureFirst && measureScore >= MIN_MEASURE_SCORE) {
      return column(Kind2.MEASURE, bestMeasure, measureScore, tokens);
    }
    if (bestColumn != null && columnScore > tableScore + 0.25 && columnScore >= MIN_NAME_SCORE) {
      return column(Kind2.COLUMN, bestColumn, columnScore, tokens);
    }
    if (bestTable != null && tableScore >= MIN_NAME_SCORE) {
      TableInfo t = bestTable;
      // Only the words that name the table are consumed: "business category" is not the
      // business table alone.
      List<Integer> naming =
          tokens.stream().filter(i -> SchemaVocabulary.score(t, q.stem(i)) > 0).toList();
      return new Resolution(Kind2.TABLE, t, null, tableScore, naming);
    }
    if (bestColumn != null && columnScore >= MIN_NAME_SCORE) {
      return column(Kind2.COLUMN, bestColumn, columnScore, tokens);
    }
    return Resolution.NONE;
  }

  /**
   * The measure of one of {@code tables} that {@code tokens} name by name or name synonym (comment
   * words only add weight), or NONE.
   */
  Resolution measureIn(List<Integer> tokens, List<TableInfo> tables) {
    ColumnInfo best = null;
    double bestScore = 0;
    for (TableInfo t : tables) {
      for (ColumnInfo c : t.columns) {
        if (!c.isMeasure()
            || tokens.stream().noneMatch(i -> SchemaVocabulary.score(c, q.stem(i)) >= 1.5)) {
          continue;
        }
        double s = tokens.stream().mapToDouble(i -> SchemaVocabulary.score(c, q.stem(i))).sum();
        if (s > bestScore) {
          best = c;
          bestScore = s;
        }
      }
    }
    return best == null ? Resolution.NONE : column(Kind2.MEASURE, best, bestScore, tokens);
  }

  /** Whether the words of {@code tokens} are the column's name parts, in order. */
  private boolean wholeName(ColumnInfo c, List<Integer> tokens) {
    List<String> parts = Words.stems(c.words);
    return parts.size() > 1 && tokens.stream().map(q::stem).toList().equals(parts);
  }

  /** The stems of {@code tokens} and of the word after them ("review count": "count" ends it). */
  private List<String> spelled(List<Integer> tokens) {
    List<String> stems = new ArrayList<>(tokens.stream().map(q::stem).toList());
    int next = tokens.get(tokens.size() - 1) + 1;
    if (next < q.size()) {
      stems.add(q.stem(next));
    }
    return stems;
  }

  /** A column resolution consuming only the words that name the column or its table. */
  private Resolution column(Kind2 kind, ColumnInfo c, double score, List<Integer> tokens) {
    List<Integer> naming =
        tokens.stream()
            .filter(
                i ->
                    SchemaVocabulary.score(c, q.stem(i)) > 0
                        || SchemaVocabulary.score(c.table, q.stem(i)) >= MIN_NAME_SCORE)
            .toList();
    if (naming.stream().noneMatch(i -> SchemaVocabulary.score(c, q.stem(i)) >= 1.5)
        && naming.stream().noneMatch(i -> SchemaVocabulary.score(c.table, q.stem(i)) >= 3)) {
      // Named only by words of its comment: too weak to stand for the column.
      return Resolution.NONE;
    }
    return new Resolution(kind, c.table, c, score, naming);
  }

  /**
   * How strongly the rest of the question names {@code table}: breaks ties between same-named
   * columns.
   */
  private double contextScore(TableInfo table) {
    double s = 0;
    for (int i = 0; i < q.size(); i++) {
      if (!Words.STOP_WORDS.contains(q.word(i))) {
        s += SchemaVocabulary.score(table, q.stem(i)) >= 3 ? 1 : 0;
      }
    }
    return s;
  }

  ColumnInfo bestMeasure(
      Set<Integer> claimed, List<Integer> hint, TableInfo anchor, Aggregate aggregate) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      if ((hint.contains(i) || q.isContent(i)) && !claimed.contains(i)) {
        tokens.add(i);
      }
    }
    boolean moneyAsked = tokens.stream().anyMatch(i -> Words.isMoneyWord(q.stem(i)));
    ColumnInfo best = null;
    double bestScore = 0;
    List<Integer> bestTokens = List.of();
    for (ColumnInfo c : vocab.columns) {
      if (!c.isMeasure()) {
        continue;
      }
      double s = 0;
      List<Integer> hits = new ArrayList<>();
      boolean strong = false;
      for (int i : tokens) {
        double cs = SchemaVocabulary.score(c, q.stem(i));
        if (cs > 0) {
          hits.add(i);
          // A word that names a table ("orders", "flights") alone does not make its columns the
          // measure.
          // Comment words alone are too weak: "courses" in a comment does not make a column the
          // thing to add up.
          strong |= cs >= 1.5 && (!namesWholeTable(q.stem(i)) || !namesTable(q.stem(i)));
        }
        s += cs;
        if (SchemaVocabulary.score(c.table, q.stem(i)) >= 3 && cs > 0) {
          // "sales amount" with a sales table: the word names the column's own table.
          s += 1.5;
        } else if (SchemaVocabulary.score(c.table, q.stem(i)) >= 3) {
          s += 1;
        }
      }
      if (!strong) {
        continue;
      }
      if (moneyAsked
          && (aggregate == null || aggregate == Aggregate.SUM)
          && MeasureDefaults.additive(c)) {
        s += 0.25;
      }
      if (anchor != null) {
        int d = vocab.distance(anchor, c.table);
        s -= d < 0 ? 100 : 0.3 * d;
      }
      if (s > bestScore) {
        best = c;
        bestScore = s;
        bestTokens = hits;
      }
    }
    if (best == null || bestScore < MIN_MEASURE_SCORE) {
      return null;
    }
    claimed.addAll(bestTokens);
    return best;
  }

  /** Whether {@code stem} is the whole name of a table ("flight" for flight, not flight_leg). */
  private boolean namesWholeTable(String stem) {
    return vocab.tables.stream().anyMatch(t -> Words.stem(t.words.replace(" ", "")).equals(stem));
  }

  boolean namesTable(String stem) {
    return vocab.tables.stream().anyMatch(t -> SchemaVocabulary.score(t, stem) >= MIN_NAME_SCORE);
  }

  /** The first table a content word from {@code from} on names, claiming that word. */
  TableInfo firstTableMention(Set<Integer> claimed, int from) {
    for (int i = from; i < q.size(); i++) {
      if (!q.isContent(i) || claimed.contains(i)) {
        continue;
      }
      TableInfo best = null;
      double bestScore = 0;
      for (TableInfo t : vocab.tables) {
        double s = SchemaVocabulary.score(t, q.stem(i));
        if (s >= 3 && Words.contentStems(t.words).size() == 1) {
          s += 0.5;
        }
        if (s > bestScore) {
          best = t;
          bestScore = s;
        }
      }
      if (best != null && bestScore >= MIN_NAME_SCORE) {
        claimed.add(i);
        return best;
      }
    }
    return null;
  }

  /**
   * Words that spell a multi-word table or column name in order ("daily price", "monthly fee"):
   * there "daily" is part of a name, not a time grain.
   */
  Set<Integer> spelledNames() {
    Set<Integer> at = new LinkedHashSet<>();
    List<String> names = new ArrayList<>();
    vocab.tables.forEach(t -> names.add(t.words));
    vocab.columns.forEach(c -> names.add(c.words));
    for (String name : names) {
      List<String> parts = Words.stems(name);
      if (parts.size() < 2) {
        continue;
      }
      for (int i = 0; i + parts.size() <= q.size(); i++) {
        if (q.stems.subList(i, i + parts.size()).equals(parts)) {
          for (int k = i; k < i + parts.size(); k++) {
            at.add(k);
          }
        }
      }
    }
    return at;
  }
}
