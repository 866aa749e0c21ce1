package com.sqm.ai;

import com.sqm.ai.Qualifiers.Negation;
import com.sqm.ai.QueryPlan.PatternFilter;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.ai.TimePhrases.TimeFilter;
import com.sqm.model.QueryType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves the qualifiers {@link Qualifiers} found against the schema: which related table a
 * negation means ("never placed an order" → no row in orders), which text column a "starts with"
 * applies to, and which earlier period a comparison names.
 */
final class QualifierResolver {
  private final SchemaVocabulary vocab;
  private final QuestionTokens q;
  private final Set<Integer> claimed;
  private final SchemaResolver resolver;
  private int negatedClauseStart;

  QualifierResolver(
      SchemaVocabulary vocab, QuestionTokens q, Set<Integer> claimed, SchemaResolver resolver) {
    this.vocab = vocab;
    this.q = q;
    this.claimed = claimed;
    this.resolver = resolver;
  }

  /**
   * The two columns of "the ratio of A to B" when both are measures of one table, consuming the
   * phrase; null otherwise (then "ratio" stays unconsumed and the question is declined).
   */
  ColumnInfo[] ratioMeasures(Qualifiers.Ratio ratio) {
    if (ratio == null) {
      return null;
    }
    List<Integer> numerator = new ArrayList<>();
    for (int i : resolver.phrase(ratio.at() + 2)) {
      if (i < ratio.to()) {
        numerator.add(i);
      }
    }
    List<Integer> denominator = resolver.phrase(ratio.to() + 1);
    List<TableInfo> all = vocab.tables;
    SchemaResolver.Resolution a =
        numerator.isEmpty() ? SchemaResolver.Resolution.NONE : resolver.measureIn(numerator, all);
    SchemaResolver.Resolution b =
        denominator.isEmpty()
            ? SchemaResolver.Resolution.NONE
            : resolver.measureIn(denominator, all);
    if (a.column() == null
        || b.column() == null
        || a.column() == b.column()
        || a.column().table != b.column().table) {
      return null;
    }
    q.mark(ratio.at(), ratio.at() + 1);
    if (ratio.perRow()) {
      q.mark(ratio.at() - 1);
    }
    q.mark(ratio.to());
    claimed.addAll(a.tokens());
    claimed.addAll(b.tokens());
    return new ColumnInfo[] {a.column(), b.column()};
  }

  /**
   * The table a negation points at ("customers who never placed an order" → orders), consuming the
   * words of the negated clause it can account for; null without a negation. A negation it cannot
   * place stays unconsumed, and the ledger declines naming it.
   */
  TableInfo absentTable(Negation negation) {
    if (negation == null) {
      return null;
    }
    TableInfo absent = null;
    int absentAt = -1;
    for (int i = negation.clauseStart(); i < q.size() && absent == null; i++) {
      if (q.used(i) || Words.STOP_WORDS.contains(q.word(i))) {
        continue;
      }
      absent = tableNamedBy(i);
      absentAt = i;
    }
    if (absent == null) {
      return null;
    }
    q.mark(negation.at(), negation.clauseStart() - 1);
    q.mark(absentAt);
    negatedClauseStart = negation.clauseStart();
    return absent;
  }

  /**
   * Consumes the words of the negated clause that only say how the subject relates to the absent
   * table ("placed", "borrowed"): words of the comments of the tables and keys along the join
   * between them. Anything else stays unconsumed.
   */
  private void markRelationWords(TableInfo subject, TableInfo absent) {
    List<SchemaVocabulary.Edge> path = vocab.path(subject, absent);
    Set<String> relation = new LinkedHashSet<>();
    for (SchemaVocabulary.Edge e : path == null ? List.<SchemaVocabulary.Edge>of() : path) {
      relation.addAll(e.to().commentStems);
      e.to().columns.stream().filter(c -> c.key).forEach(c -> relation.addAll(c.commentStems));
    }
    for (int i = negatedClauseStart; i < q.size(); i++) {
      if (q.used(i)
          || Words.STOP_WORDS.contains(q.word(i))
          || Words.FILLER_WORDS.contains(q.word(i))) {
        continue;
      }
      if (relation.contains(q.stem(i)) || tableNamedBy(i) == absent) {
        q.mark(i);
      }
    }
  }

  /** The table a word names, by its name or as a verb form of it ("ordered" → orders); or null. */
  private TableInfo tableNamedBy(int i) {
    List<String> candidates = new ArrayList<>(List.of(q.stem(i)));
    String w = q.word(i);
    if (w.endsWith("ed") && w.length() > 4) {
      candidates.add(w.substring(0, w.length() - 2));
      candidates.add(w.substring(0, w.length() - 1));
    }
    for (String c : candidates) {
      TableInfo best = null;
      double bestScore = 0;
      for (TableInfo t : vocab.tables) {
        double s = SchemaVocabulary.score(t, c);
        // "order" is the orders table before it is order_items.
        s += Words.stem(t.words.replace(" ", "")).equals(c) ? 1 : 0;
        if (s >= SchemaResolver.MIN_NAME_SCORE && s > bestScore) {
          best = t;
          bestScore = s;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  /**
   * Checks that the subject relates to the absent table along foreign keys, then consumes the words
   * that say how.
   */
  void checkAbsence(TableInfo subject, TableInfo absent, boolean timed) {
    int d = vocab.distance(subject, absent);
    if (absent == subject || d < 1 || d > 2) {
      throw QueryPlanner.notAnswerable(
          "Could not tell how "
              + subject.name()
              + " relate to "
              + absent.name()
              + ": the negation ('never', 'not', 'without') is not understood.");
    }
    if (timed) {
      throw QueryPlanner.notAnswerable(
          "Could not combine 'never'/'without' with a time period: ask without the period.");
    }
    markRelationWords(subject, absent);
  }

  TimeFilter comparedPeriod(String unit, TimeFilter time, QueryType type) {
    if (unit == null) {
      return null;
    }
    TimeFilter previous = time == null ? null : time.previous();
    if (previous == null || !unit.equals(time.unit())) {
      throw QueryPlanner.notAnswerable(
          "Could not tell which two periods to compare: name one period, e.g. 'last month compared"
              + " to the month before'.");
    }
    if (type != QueryType.COUNT
        && type != QueryType.AGGREGATE
        && type != QueryType.GROUPED_AGGREGATE) {
      throw QueryPlanner.notAnswerable("Could not compare two periods for this kind of question.");
    }
    return previous;
  }

  PatternFilter patternFilter(Qualifiers.Pattern pattern, TableInfo subject) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = pattern.phraseStart() - 1; i >= 0 && tokens.size() < 2; i--) {
      if (q.used(i) || claimed.contains(i)) {
        break;
      }
      if (Words.STOP_WORDS.contains(q.word(i))) {
        if (tokens.isEmpty()) {
          continue;
        }
        break;
      }
      tokens.add(0, i);
    }
    ColumnInfo column = null;
    double best = 0;
    for (ColumnInfo c : vocab.columns) {
      int d = vocab.distance(subject, c.table);
      if (c.kind != SchemaVocabulary.Kind.TEXT || d < 0 || d > 1) {
        continue;
      }
      double s = tokens.stream().mapToDouble(i -> SchemaVocabulary.score(c, q.stem(i))).sum() - d;
      if (s >= 2 && s > best) {
        column = c;
        best = s;
      }
    }
    if (column != null) {
      claimed.addAll(tokens);
    } else if (tokens.isEmpty() && !subject.labelColumns().isEmpty()) {
      column = subject.labelColumns().get(0);
    } else {
      throw QueryPlanner.notAnswerable(
          "Could not tell which text column should "
              + (pattern.anchor() == Qualifiers.Anchor.START ? "start with '" : "contain '")
              + pattern.literal()
              + "'.");
    }
    String escaped =
        pattern.literal().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return switch (pattern.anchor()) {
      case START ->
          new PatternFilter(column, escaped + "%", "starts with '" + pattern.literal() + "'");
      case END -> new PatternFilter(column, "%" + escaped, "ends with '" + pattern.literal() + "'");
      case ANYWHERE ->
          new PatternFilter(column, "%" + escaped + "%", "contains '" + pattern.literal() + "'");
    };
  }

  /** The plan with the sort the question asks for resolved to the value or an output column. */
  QueryPlan withSort(QueryPlan plan, Qualifiers.Sort sort) {
    if (sort == null) {
      return plan;
    }
    List<ColumnInfo> shown = shownColumns(plan);
    ColumnInfo column = null;
    boolean byValue;
    if (sort.alphabetical()) {
      // Alphabetically means by what names the rows: the label, then any other text shown.
      TableInfo named = plan.group() != null ? plan.group().table() : plan.subject();
      column =
          shown.stream()
              .filter(c -> c.kind == SchemaVocabulary.Kind.TEXT)
              .min(Comparator.comparingInt(c -> named.labelColumns().contains(c) && !c.key ? 0 : 1))
              .orElse(null);
      byValue = false;
      if (column == null) {
        throw QueryPlanner.notAnswerable("Could not tell what to sort alphabetically.");
      }
    } else if (sort.byTokens().isEmpty() || namesValue(plan, sort.byTokens())) {
      byValue = plan.type() != QueryType.LIST;
      claimed.addAll(sort.byTokens());
      if (!byValue) {
        throw QueryPlanner.notAnswerable("Could not tell what to sort the rows by.");
      }
    } else {
      byValue = false;
      for (ColumnInfo c : shown) {
        if (sort.byTokens().stream()
            .allMatch(
                i ->
                    SchemaVocabulary.score(c, q.stem(i)) >= 1.5
                        || SchemaVocabulary.score(c.table, q.stem(i)) >= 3)) {
          column = c;
          break;
        }
      }
      if (column == null) {
        // The sort words stay unconsumed: the ledger names them.
        return plan;
      }
      claimed.addAll(sort.byTokens());
    }
    boolean descending = sort.descending() != null ? sort.descending() : byValue;
    if (plan.type() == QueryType.TOP_N && (!byValue || descending != plan.descending())) {
      throw QueryPlanner.notAnswerable(
          "Could not sort a ranking differently from the ranking itself.");
    }
    return plan.withOrderBy(new QueryPlan.OrderBy(column, descending));
  }

  /** Whether the sort words name the aggregated value: its column, the counted rows or "total". */
  private boolean namesValue(QueryPlan plan, List<Integer> tokens) {
    if (plan.type() == QueryType.LIST) {
      return false;
    }
    return tokens.stream()
        .allMatch(
            i ->
                Set.of("total", "average", "number", "count", "sum", "amount", "value")
                        .contains(q.word(i))
                    || plan.measure() != null
                        && SchemaVocabulary.score(plan.measure(), q.stem(i)) >= 1.5
                    || SchemaVocabulary.score(plan.subject(), q.stem(i)) >= 3);
  }

  private static List<ColumnInfo> shownColumns(QueryPlan plan) {
    List<ColumnInfo> shown = new ArrayList<>();
    if (plan.type() == QueryType.LIST) {
      shown.addAll(plan.subject().columns);
    } else if (plan.group() != null && plan.group().column() != null) {
      shown.add(plan.group().column());
    } else if (plan.group() != null) {
      shown.addAll(plan.group().table().labelColumns());
      plan.group().table().primaryKey().ifPresent(shown::add);
    }
    return shown;
  }

  /**
   * "The share of X": X must be what the plan adds up or counts; "the proportion of flights with
   * stops" is not the share of stops.
   */
  void shareOfWhat(int shareAt, ColumnInfo measure, TableInfo subject) {
    int i = shareAt + 1;
    while (i < q.size()
        && (Words.STOP_WORDS.contains(q.word(i)) || Words.SHAPE_WORDS.contains(q.word(i)))) {
      i++;
    }
    if (i >= q.size()) {
      return;
    }
    String stem = q.stem(i);
    boolean names =
        measure != null
            ? SchemaVocabulary.score(measure, stem) >= 1.5
                || Words.stem(measure.table.words.replace(" ", "")).equals(stem)
            : SchemaVocabulary.score(subject, stem) >= 2;
    if (!names) {
      throw QueryPlanner.notAnswerable(
          "Could not tell the share of what: '"
              + q.original.get(i)
              + "' is not what the answer would add up or count.");
    }
  }

  /**
   * "Which users posted reviews ..., and how many reviews have they posted?": the rows asked for by
   * "which" before a count of other rows are what the count is grouped by; null otherwise.
   */
  QueryPlan.Group whichAsked(int countEnd, TableInfo counted) {
    if (!q.is(0, "which") || countEnd < 3) {
      return null;
    }
    SchemaResolver.Resolution r = resolver.resolve(resolver.phrase(1));
    if (r.kind() != SchemaResolver.Kind2.TABLE || r.table() == counted || r.tokens().get(0) != 1) {
      return null;
    }
    claimed.addAll(r.tokens());
    return new QueryPlan.Group(r.table(), null);
  }
}
