package com.sqm.ai;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the words that shape a query rather than name data: counting ("how many"), ranking ("top
 * 5", "which customer spent most"), aggregating ("average"), grouping ("by", "per") and list sizes.
 * Each detector marks the words it consumed.
 */
final class ShapeWords {
  static final Set<String> GROUP_WORDS = Set.of("by", "per", "each", "every", "across");
  static final Set<String> DESCENDING_WORDS =
      Set.of("top", "most", "best", "highest", "largest", "biggest", "greatest", "maximum", "max");
  static final Set<String> ASCENDING_WORDS =
      Set.of(
          "bottom", "least", "worst", "lowest", "smallest", "fewest", "minimum", "min", "cheapest");
  // "the book with the most loans", "the customer who has the fewest orders"
  private static final Set<String> WITH_WORDS = Set.of("with", "has", "have", "had");
  static final int DEFAULT_LIST_LIMIT = 100;
  static final int DEFAULT_TOP_N = 10;

  /**
   * A ranking: how many, which direction, where the ranked thing's words start, and where the words
   * after a bare ranking word start ("most customers"; -1 for none).
   */
  record TopN(int n, boolean descending, int phraseStart, boolean explicit, int rankWordEnd) {
    TopN(int n, boolean descending, int phraseStart, boolean explicit) {
      this(n, descending, phraseStart, explicit, -1);
    }
  }

  private final QuestionTokens q;
  // Stems that name a "<word>_count" column of the schema, e.g. "review" for review_count.
  private final Set<String> countColumns;

  ShapeWords(QuestionTokens q, Set<String> countColumns) {
    this.q = q;
    this.countColumns = countColumns;
  }

  TopN topN() {
    for (int i = 0; i < q.size(); i++) {
      String w = q.word(i);
      Integer next = i + 1 < q.size() ? QuestionNumbers.parse(q.word(i + 1)) : null;
      if (q.used(i)) {
        continue;
      }
      if (w.equals("top") || w.equals("bottom")) {
        q.mark(i);
        int after = next != null ? i + 2 : i + 1;
        if (next != null) {
          q.mark(i + 1);
        }
        // "the top 5 best selling products": the ranking said twice.
        if (q.is(after, "best") && (q.is(after + 1, "selling") || q.is(after + 1, "sellers"))) {
          q.mark(after, after + (q.is(after + 1, "selling") ? 1 : 0));
          after += q.is(after + 1, "selling") ? 2 : 1;
        }
        return new TopN(next != null ? next : DEFAULT_TOP_N, w.equals("top"), after, next != null);
      }
      if ((w.equals("which") || w.equals("what") || w.equals("the") || w.equals("first"))
          && next != null) {
        int after = i + 2;
        if (after < q.size()
            && (DESCENDING_WORDS.contains(q.word(after)) || ASCENDING_WORDS.contains(q.word(after)))
            && !q.used(after)) {
          q.mark(after);
          q.mark(i + 1);
          return new TopN(next, !ASCENDING_WORDS.contains(q.word(after)), after + 1, true);
        }
        if (rankingWordFollows(after)) {
          q.mark(i + 1);
          return new TopN(next, !ascendingFollows(after), after, true);
        }
      }
      Integer n = QuestionNumbers.parse(w);
      if (n != null
          && i + 1 < q.size()
          && !q.used(i + 1)
          && (DESCENDING_WORDS.contains(q.word(i + 1))
              || ASCENDING_WORDS.contains(q.word(i + 1)))) {
        q.mark(i, i + 1);
        return new TopN(n, !ASCENDING_WORDS.contains(q.word(i + 1)), i + 2, true);
      }
    }
    // "which customer spent most", "the book with the most loans": a ranking word without a
    // number ranks the entity named first.
    for (int i = 0; i < q.size(); i++) {
      String w = q.word(i);
      boolean most =
          (w.equals("most") || w.equals("least") || w.equals("fewest"))
              && (i + 1 >= q.size() || !q.word(i + 1).equals("expensive"));
      boolean asksWhich = q.is(0, "which") || q.is(0, "who");
      boolean withTheMost =
          (q.is(i - 1, "the") && i >= 2 && WITH_WORDS.contains(q.word(i - 2)))
              || (i >= 1 && WITH_WORDS.contains(q.word(i - 1)));
      // "the business with the highest rating": the row ranked, not the highest value.
      boolean withTheHighest =
          withTheMost && (DESCENDING_WORDS.contains(w) || ASCENDING_WORDS.contains(w));
      if ((most && (asksWhich || withTheMost) || withTheHighest) && !q.used(i)) {
        q.mark(i);
        int start = q.is(0, "which") ? 1 : 0;
        int entity = firstContentWord(start);
        boolean singular = entity >= 0 && Words.stem(q.word(entity)).equals(q.word(entity));
        if (withTheMost && !asksWhich) {
          start = entityBefore(q.is(i - 1, "the") ? i - 2 : i - 1);
          entity = start;
          singular = entity >= 0 && Words.stem(q.word(entity)).equals(q.word(entity));
        }
        return new TopN(
            singular ? 1 : DEFAULT_TOP_N,
            !ASCENDING_WORDS.contains(w),
            Math.max(start, 0),
            false,
            i + 1);
      }
    }
    return null;
  }

  /**
   * After "top 5 airlines": "with the most flights" names what they are ranked by. Returns the
   * index the ranking phrase starts at, consuming "with the most"; or -1.
   */
  int rankedWith(TopN top) {
    for (int i = top.phraseStart(); i + 1 < q.size(); i++) {
      int r = q.is(i + 1, "the") ? i + 2 : i + 1;
      if (WITH_WORDS.contains(q.word(i))
          && r < q.size()
          && !q.used(r)
          && (DESCENDING_WORDS.contains(q.word(r)) || ASCENDING_WORDS.contains(q.word(r)))) {
        if (ASCENDING_WORDS.contains(q.word(r)) == top.descending()) {
          return -1;
        }
        q.mark(i, r);
        return r + 1;
      }
    }
    return -1;
  }

  /** The content word just before {@code with}: "the business with the ..." → "business". */
  private int entityBefore(int with) {
    for (int i = with - 1; i >= 0; i--) {
      if (!Words.STOP_WORDS.contains(q.word(i)) && !q.used(i)) {
        return i;
      }
    }
    return 0;
  }

  private int firstContentWord(int from) {
    for (int i = from; i < q.size(); i++) {
      if (!Words.STOP_WORDS.contains(q.word(i)) && !q.used(i)) {
        return i;
      }
    }
    return -1;
  }

  private boolean rankingWordFollows(int from) {
    for (int i = from; i < q.size(); i++) {
      if (!q.used(i)
          && (DESCENDING_WORDS.contains(q.word(i)) || ASCENDING_WORDS.contains(q.word(i)))) {
        q.mark(i);
        return true;
      }
    }
    return false;
  }

  private boolean ascendingFollows(int from) {
    for (int i = from; i < q.size(); i++) {
      if (ASCENDING_WORDS.contains(q.word(i))) {
        return true;
      }
    }
    return false;
  }

  /** Index just after "how many" / "number of" / "count (of)" before {@code end}, or -1. */
  int countPhrase(int end) {
    for (int i = 0; i < end; i++) {
      String w = q.word(i);
      if (w.equals("how") && q.is(i + 1, "many")) {
        q.mark(i, i + 1);
        return i + 2;
      }
      if (w.equals("number") && q.is(i + 1, "of")) {
        q.mark(i, i + 1);
        if (q.is(i - 1, "total")) {
          q.mark(i - 1);
        }
        return i + 2;
      }
      if (w.equals("count") && !namesCountColumn(i)) {
        q.mark(i);
        boolean of = q.is(i + 1, "of") || q.is(i + 1, "the");
        if (of) {
          q.mark(i + 1);
        }
        return of ? i + 2 : i + 1;
      }
    }
    return -1;
  }

  /** Stems naming a "<word>_count" column, e.g. "review" for review_count. */
  static Set<String> countColumnWords(SchemaVocabulary vocab) {
    Set<String> words = new LinkedHashSet<>();
    for (ColumnInfo c : vocab.columns) {
      List<String> parts = Words.stems(c.words);
      if (parts.size() == 2 && parts.get(1).equals("count")) {
        words.add(parts.get(0));
      }
    }
    return words;
  }

  /** "review count" when a column is named review_count: a column, not the word "count". */
  private boolean namesCountColumn(int i) {
    return i > 0 && countColumns.contains(q.stem(i - 1));
  }

  Aggregate aggregateWord(boolean ranking) {
    for (int i = 0; i < q.size(); i++) {
      String w = q.word(i);
      if (q.used(i)) {
        continue;
      }
      Aggregate a =
          switch (w) {
            case "average", "avg", "mean" -> Aggregate.AVG;
            case "total", "sum", "overall" -> Aggregate.SUM;
            case "maximum", "max", "highest", "largest", "biggest", "greatest" ->
                ranking ? null : Aggregate.MAX;
            case "minimum", "min", "lowest", "smallest", "cheapest" ->
                ranking ? null : Aggregate.MIN;
            case "expensive" -> q.is(i - 1, "most") && !ranking ? Aggregate.MAX : null;
            default -> null;
          };
      if (a != null) {
        q.mark(i);
        if (w.equals("expensive")) {
          q.mark(i - 1);
        }
        return a;
      }
    }
    return null;
  }

  int groupWord() {
    for (int i = 0; i + 3 < q.size(); i++) {
      // "top 3 businesses in terms of review count": the same as "by review count".
      if (q.is(i, "in") && q.is(i + 1, "terms") && q.is(i + 2, "of") && !q.used(i + 1)) {
        q.mark(i, i + 2);
        return i + 2;
      }
    }
    for (int i = 0; i < q.size() - 1; i++) {
      if (q.is(i, "by") && Set.of("doing", "using", "performing", "joining").contains(next(i))) {
        // "by doing a left join": how to compute, not a grouping.
        continue;
      }
      if (q.is(i, "by") && i > 0 && agentive(q.word(i - 1))) {
        // "taken by students", "placed by customers": the doer, not a grouping.
        continue;
      }
      if (!q.used(i) && GROUP_WORDS.contains(q.word(i))) {
        q.mark(i);
        return i;
      }
    }
    return -1;
  }

  private String next(int i) {
    return i + 1 < q.size() ? q.word(i + 1) : "";
  }

  private static boolean agentive(String previous) {
    return (previous.endsWith("ed")
            || previous.endsWith("en")
            || Words.FILLER_WORDS.contains(previous))
        && !previous.equals("broken");
  }

  int listLimit() {
    for (int i = 0; i + 1 < q.size(); i++) {
      if (List.of("list", "show", "first", "give", "display").contains(q.word(i))) {
        Integer n = QuestionNumbers.parse(q.word(i + 1));
        if (n != null) {
          q.mark(i + 1);
          return Math.min(n, 1000);
        }
      }
    }
    return DEFAULT_LIST_LIMIT;
  }

  boolean priceAsked() {
    return q.words.contains("expensive")
        || q.words.contains("cheapest")
        || q.words.contains("cheap")
        || q.words.contains("priciest");
  }
}
