package com.sqm.ai;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.QueryPlan.PatternFilter;
import com.sqm.ai.QueryPlan.ValueFilter;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Accounts for every word of a question against the plan made from it: a word is a grammar word on
 * an explicit list, or was consumed as a shape word, time phrase, number or value, or names a table
 * or column the plan uses. A meaningful word left over means the plan answers a different question,
 * so the question is declined, naming the words.
 */
final class QuestionLedger {
  /**
   * Tables only by their own name: synonyms of a table name are too loose to account for a word.
   */
  private static final double TABLE_NAME_SCORE = 3;

  private static final Set<String> DISTINCT_WORDS = Set.of("distinct", "unique", "different");

  private static final Set<String> GROUPING_WORDS =
      Set.of("vary", "varies", "differ", "differs", "different", "various");

  private static final Set<String> OUTPUT_WORDS =
      Set.of("show", "return", "list", "give", "display", "include");

  private QuestionLedger() {}

  static void check(QueryPlan plan, QuestionTokens q, Set<Integer> claimed, SchemaVocabulary v) {
    Set<ColumnInfo> columns = planColumns(plan);
    // Tables joined only to connect others do not account for words: the plan does not use them.
    Set<TableInfo> tables = new LinkedHashSet<>();
    tables.add(plan.subject());
    if (plan.absent() != null) {
      tables.add(plan.absent());
    }
    if (plan.group() != null) {
      tables.add(plan.group().table());
    }
    columns.forEach(c -> tables.add(c.table));
    // Tables joined to connect the others account for their exact names only ("business" in
    // "reviews per business category").
    Set<TableInfo> joined = new LinkedHashSet<>();
    for (String name : SqlWriter.tables(v, plan)) {
      v.tables.stream().filter(t -> t.name().equals(name)).forEach(joined::add);
    }
    // Words that say how the used tables relate ("courses offered by departments") are in their
    // comments or their keys' comments.
    Set<String> relation = new LinkedHashSet<>();
    for (TableInfo t : joined) {
      relation.addAll(t.commentStems);
      t.columns.stream().filter(c -> c.key).forEach(c -> relation.addAll(c.commentStems));
    }
    // The absent table of a negation is joined too ("by doing a left join from cars to sales").
    Set<TableInfo> instructed = new LinkedHashSet<>(joined);
    instructed.addAll(tables);
    Set<Integer> instruction = JoinInstructions.accounted(q, plan, instructed);
    List<String> unaccounted = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      String w = q.word(i);
      if (q.used(i)
          || claimed.contains(i)
          || instruction.contains(i)
          || Words.STOP_WORDS.contains(w)
          || Words.FILLER_WORDS.contains(w)) {
        continue;
      }
      if (w.equals("both") && i > 0 && OUTPUT_WORDS.contains(q.word(i - 1))) {
        // "Show both courses and scores": the columns to show, not a condition.
        continue;
      }
      if (DISTINCT_WORDS.contains(w)
          && (plan.type() == QueryType.LIST || plan.aggregate() == Aggregate.COUNT)) {
        // Listed rows and counted rows are distinct already.
        continue;
      }
      if (plan.group() != null && GROUPING_WORDS.contains(w)) {
        // "how does the average rating vary across different categories": the grouping itself.
        continue;
      }
      if (repeatsAggregate(w, plan)) {
        continue;
      }
      String stem = q.stem(i);
      boolean named =
          tables.stream().anyMatch(t -> SchemaVocabulary.score(t, stem) >= TABLE_NAME_SCORE)
              || joined.stream().anyMatch(t -> t.nameStems.contains(stem))
              || relation.contains(stem) && !namesSomeTable(v, stem)
              || columns.stream()
                  .anyMatch(c -> c.nameStems.contains(stem) || c.commentStems.contains(stem))
              || eventOf(plan.dateColumn(), stem);
      if (!named) {
        unaccounted.add(q.original.get(i));
      }
    }
    if (!unaccounted.isEmpty()) {
      List<String> quoted = unaccounted.stream().distinct().map(w -> "'" + w + "'").toList();
      throw new SqmException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          "Not every part of the question could be mapped to this data source: "
              + String.join(", ", quoted)
              + (quoted.size() == 1 ? " was" : " were")
              + " not understood, so no answer is given rather than a guess.");
    }
  }

  /**
   * "customers who joined in 2023" filtered on join_date: the verb names the event the date column
   * records.
   */
  private static boolean eventOf(ColumnInfo date, String stem) {
    return date != null
        && date.kind == SchemaVocabulary.Kind.DATE
        && Words.baseForms(stem).stream().anyMatch(date.nameStems::contains);
  }

  /** A word naming a table is an entity the plan must use, not a word relating two others. */
  private static boolean namesSomeTable(SchemaVocabulary v, String stem) {
    return v.tables.stream().anyMatch(t -> SchemaVocabulary.score(t, stem) >= 2);
  }

  /** "Return ... the total amount": an aggregate word the plan already applies. */
  private static boolean repeatsAggregate(String word, QueryPlan plan) {
    return switch (word) {
      case "total", "sum" -> plan.aggregate() == Aggregate.SUM;
      case "average", "avg", "mean" -> plan.aggregate() == Aggregate.AVG;
      case "number", "count", "many" -> plan.aggregate() == Aggregate.COUNT;
      default -> false;
    };
  }

  /** The columns a plan reads or shows, so words naming them are accounted for. */
  private static Set<ColumnInfo> planColumns(QueryPlan plan) {
    Set<ColumnInfo> columns = new LinkedHashSet<>();
    if (plan.type() == QueryType.LIST) {
      columns.addAll(plan.subject().columns);
    }
    if (plan.measure() != null) {
      columns.add(plan.measure());
    }
    if (plan.ratioDenominator() != null) {
      columns.add(plan.ratioDenominator());
    }
    if (plan.group() != null) {
      if (plan.group().column() != null) {
        columns.add(plan.group().column());
      } else {
        plan.group().table().primaryKey().ifPresent(columns::add);
        columns.addAll(plan.group().table().labelColumns());
      }
    }
    if (plan.dateColumn() != null) {
      columns.add(plan.dateColumn());
    }
    for (ValueFilter f : plan.filters()) {
      columns.add(f.column());
    }
    for (ValueFilter f : plan.share()) {
      columns.add(f.column());
    }
    for (PatternFilter p : plan.patterns()) {
      columns.add(p.column());
    }
    return columns;
  }

  /** The reason to give when no word of the question names anything in the schema. */
  static String nothingMatched(QuestionTokens q, SchemaVocabulary vocab) {
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      String stem = q.stem(i);
      boolean known =
          vocab.tables.stream().anyMatch(t -> SchemaVocabulary.score(t, stem) > 0)
              || vocab.columns.stream().anyMatch(c -> SchemaVocabulary.score(c, stem) > 0);
      if (q.isContent(i) && !known) {
        unknown.add(q.word(i));
      }
    }
    if (unknown.isEmpty()) {
      return "The question names no table, column or value of this data source.";
    }
    return "Nothing in the question matches this data source: "
        + String.join(", ", unknown.stream().map(w -> "'" + w + "'").toList())
        + (unknown.size() == 1 ? " is" : " are")
        + " not a table, column or known value.";
  }
}
