package com.sqm.ai;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a question means when it leaves the measure or its aggregate unsaid: "top customers" are
 * ranked by what they paid, "most expensive" compares prices, amounts are summed and ratings
 * averaged.
 */
final class MeasureDefaults {
  private static final Set<String> QUANTITY_WORDS =
      Set.of("quantity", "qty", "unit", "count", "number", "volume", "sold", "share", "stock");

  private MeasureDefaults() {}

  /**
   * How a measure adds up when the question names no aggregate: amounts and quantities are summed
   * ("revenue by country"), ratings, scores and other levels averaged ("rating by city").
   */
  static Aggregate naturalAggregate(ColumnInfo c) {
    Set<String> words = new LinkedHashSet<>(c.nameStems);
    words.addAll(c.commentStems);
    boolean quantity = words.stream().anyMatch(QUANTITY_WORDS::contains);
    return additive(c) || c.isMoneyLike() || quantity ? Aggregate.SUM : Aggregate.AVG;
  }

  static boolean additive(ColumnInfo c) {
    Set<String> words = new LinkedHashSet<>(c.nameStems);
    words.addAll(c.commentStems);
    return words.contains("total")
        || words.contains("amount")
        || words.contains("revenue")
        || words.contains("sum");
  }

  /**
   * Without a measure word, rank by the nearest money-like column ("top customers" means by what
   * they paid).
   */
  static ColumnInfo defaultMeasure(SchemaVocabulary vocab, TableInfo anchor) {
    ColumnInfo best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (ColumnInfo c : vocab.columns) {
      if (c.isMeasure() && c.isMoneyLike() && additive(c)) {
        int d = vocab.distance(anchor, c.table);
        if (d >= 0 && d < bestDistance) {
          best = c;
          bestDistance = d;
        }
      }
    }
    return best;
  }

  /** The price-like measure of {@code table}, for "most expensive" / "cheapest". */
  static ColumnInfo priceColumn(TableInfo table) {
    return table.columns.stream()
        .filter(
            c -> c.isMeasure() && (c.nameStems.contains("price") || c.nameStems.contains("cost")))
        .findFirst()
        .orElse(null);
  }

  /**
   * A numeric column named just "count" on {@code table}: its rows are tallies ("checkin.count"),
   * so counting them means adding it up; null for none.
   */
  static ColumnInfo tallyColumn(TableInfo table) {
    if (table == null) {
      return null;
    }
    return table.columns.stream()
        .filter(c -> !c.key && c.kind == SchemaVocabulary.Kind.NUMBER)
        .filter(c -> c.words.equals("count"))
        .findFirst()
        .orElse(null);
  }

  /** The plan adding up a tally column instead of counting rows, when the rows are tallies. */
  static QueryPlan withTally(QueryPlan plan) {
    ColumnInfo tally =
        plan.aggregate() == Aggregate.COUNT && plan.measure() == null
            ? tallyColumn(plan.subject())
            : null;
    return tally == null ? plan : plan.withMeasure(Aggregate.SUM, tally);
  }
}
