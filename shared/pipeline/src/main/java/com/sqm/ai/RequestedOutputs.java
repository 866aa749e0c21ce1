package com.sqm.ai;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.QueryPlan.ExtraValue;
import com.sqm.ai.QueryPlan.Group;
import com.sqm.ai.SchemaResolver.Kind2;
import com.sqm.ai.SchemaResolver.Resolution;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.model.QueryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the further values a question asks for beside its main one ("Return the payment method, the
 * number of payments and the total amount"): a count of rows or a total or average of a column,
 * each over the tables the plan already joins. What it cannot place stays unconsumed.
 */
final class RequestedOutputs {
  private static final Set<String> LABEL_WORDS = Set.of("name", "title", "label");

  private final SchemaVocabulary vocab;
  private final QuestionTokens q;
  private final SchemaResolver resolver;
  private final Set<Integer> claimed;

  RequestedOutputs(
      SchemaVocabulary vocab, QuestionTokens q, SchemaResolver resolver, Set<Integer> claimed) {
    this.vocab = vocab;
    this.q = q;
    this.resolver = resolver;
    this.claimed = claimed;
  }

  QueryPlan addValues(QueryPlan plan) {
    boolean aggregated =
        plan.type() == QueryType.COUNT
            || plan.type() == QueryType.AGGREGATE && plan.share().isEmpty()
            || plan.type() == QueryType.GROUPED_AGGREGATE
            || plan.type() == QueryType.TIME_SERIES
            || plan.type() == QueryType.TOP_N && !rowLevel(plan);
    if (!aggregated || plan.comparedTime() != null) {
      return plan;
    }
    List<TableInfo> joined = new ArrayList<>();
    for (String name : SqlWriter.tables(vocab, plan)) {
      vocab.tables.stream().filter(t -> t.name().equals(name)).forEach(joined::add);
    }
    List<ExtraValue> extras = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      if (q.used(i) || claimed.contains(i)) {
        continue;
      }
      ExtraValue v = valueAt(i, joined);
      if (v != null && !sameAsMain(v, plan) && !extras.contains(v)) {
        extras.add(v);
      }
    }
    return extras.isEmpty() ? plan : plan.withExtraValues(extras);
  }

  /**
   * Adds the columns of the grouped table the question names but the plan does not show yet
   * ("Return the make, model and number of sales"), claiming their words.
   */
  QueryPlan addNamedColumns(QueryPlan plan) {
    Group group = plan.group();
    if (group == null
        || (plan.type() != QueryType.TOP_N && plan.type() != QueryType.GROUPED_AGGREGATE)) {
      return plan;
    }
    List<ColumnInfo> shown = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      if (!q.isContent(i) || claimed.contains(i)) {
        continue;
      }
      String stem = q.stem(i);
      boolean afterGroupWord =
          i > 0
              && (group.column() != null && group.column().nameStems.contains(q.stem(i - 1))
                  || SchemaVocabulary.score(group.table(), q.stem(i - 1)) >= 3);
      if (afterGroupWord && LABEL_WORDS.contains(stem)) {
        // "the country name" is the country itself.
        claimed.add(i);
        continue;
      }
      for (ColumnInfo c : group.table().columns) {
        boolean already =
            c == group.column()
                || c == plan.measure()
                || c == plan.ratioDenominator()
                // Grouped by a column, a further measure would split the groups.
                || group.column() != null && c.isMeasure()
                || group.column() == null && group.table().labelColumns().contains(c);
        if (!c.key && !already && c.nameStems.contains(stem)) {
          if (!shown.contains(c)) {
            shown.add(c);
          }
          claimed.add(i);
          break;
        }
      }
    }
    if (shown.isEmpty()) {
      return plan;
    }
    return plan.withGroup(new Group(group.table(), group.column(), List.copyOf(shown)));
  }

  /** The value a phrase starting at {@code i} asks for, consuming its words; or null. */
  private ExtraValue valueAt(int i, List<TableInfo> joined) {
    String w = q.word(i);
    int start;
    Aggregate aggregate;
    if (w.equals("number") && q.is(i + 1, "of") || w.equals("how") && q.is(i + 1, "many")) {
      start = i + 2;
      aggregate = Aggregate.COUNT;
    } else if (w.equals("total") || w.equals("sum")) {
      start = q.is(i + 1, "of") ? i + 2 : i + 1;
      aggregate = Aggregate.SUM;
    } else if (w.equals("average") || w.equals("avg") || w.equals("mean")) {
      start = q.is(i + 1, "of") ? i + 2 : i + 1;
      aggregate = Aggregate.AVG;
    } else {
      return null;
    }
    if (aggregate == Aggregate.SUM && q.is(start, "number") && q.is(start + 1, "of")) {
      // "total number of payments"
      q.mark(i);
      return null;
    }
    List<Integer> tokens = resolver.phrase(start);
    Resolution r = resolver.resolve(tokens);
    if (aggregate != Aggregate.COUNT
        && (r.kind() != Kind2.MEASURE || !joined.contains(r.column().table))) {
      // "total revenue" beside a count of orders: the revenue column of a table already joined.
      r = resolver.measureIn(tokens, joined);
    }
    ExtraValue value = null;
    int end = start;
    if (r.kind() == Kind2.TABLE && joined.contains(r.table())) {
      boolean countWord = !r.tokens().isEmpty() && q.is(last(r.tokens()) + 1, "count");
      if (aggregate == Aggregate.COUNT || countWord) {
        value = new ExtraValue(Aggregate.COUNT, null, r.table());
        end = countWord ? last(r.tokens()) + 1 : end;
      }
    } else if (r.kind() == Kind2.MEASURE
        && joined.contains(r.column().table)
        && aggregate != Aggregate.COUNT) {
      value = new ExtraValue(aggregate, r.column(), null);
    }
    if (value == null) {
      return null;
    }
    q.mark(i, start - 1);
    if (end > start) {
      q.mark(end);
    }
    claimed.addAll(r.tokens());
    return value;
  }

  private static boolean sameAsMain(ExtraValue v, QueryPlan plan) {
    if (v.aggregate() == Aggregate.COUNT) {
      return plan.aggregate() == Aggregate.COUNT
          && plan.measure() == null
          && v.counted() == plan.subject();
    }
    return v.aggregate() == plan.aggregate() && v.measure() == plan.measure();
  }

  private static boolean rowLevel(QueryPlan plan) {
    return plan.group() != null
        && plan.group().column() == null
        && plan.measure() != null
        && plan.measure().table == plan.group().table()
        && plan.aggregate() != Aggregate.COUNT;
  }

  private static int last(List<Integer> tokens) {
    return tokens.get(tokens.size() - 1);
  }
}
