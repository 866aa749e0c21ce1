package com.sqm.ai;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.QueryPlan.Group;
import com.sqm.ai.QueryPlan.ValueFilter;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.Kind;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.ai.TimePhrases.TimeFilter;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a question into a {@link QueryPlan} using only the schema's names, comments, keys and
 * sample values: no knowledge of any particular database.
 */
final class QueryPlanner {
  private static final Set<String> DATA_CHANGING =
      Set.of(
          "delete",
          "drop",
          "truncate",
          "insert",
          "update",
          "alter",
          "grant",
          "revoke",
          "remove",
          "modify",
          "rename",
          "erase",
          "wipe");
  private static final Set<String> GROUP_WORDS = Set.of("by", "per", "each", "every", "across");
  private static final Set<String> DESCENDING_WORDS =
      Set.of("top", "most", "best", "highest", "largest", "biggest", "greatest", "maximum", "max");
  private static final Set<String> ASCENDING_WORDS =
      Set.of(
          "bottom", "least", "worst", "lowest", "smallest", "fewest", "minimum", "min", "cheapest");
  private static final int DEFAULT_LIST_LIMIT = 100;
  private static final int DEFAULT_TOP_N = 10;
  private static final double MIN_MEASURE_SCORE = 1.5;
  private static final double MIN_NAME_SCORE = 2;

  private record TopN(int n, boolean descending, int phraseStart, boolean explicit) {}

  private record ValueHit(int start, int length, ColumnInfo column, String value) {}

  private enum Kind2 {
    TABLE,
    COLUMN,
    MEASURE,
    NONE
  }

  private record Resolution(
      Kind2 kind, TableInfo table, ColumnInfo column, double score, List<Integer> tokens) {
    static final Resolution NONE = new Resolution(Kind2.NONE, null, null, 0, List.of());
  }

  private final SchemaVocabulary vocab;
  private final List<String> words;
  private final List<String> stems;
  private final boolean[] used;

  private QueryPlanner(SchemaVocabulary vocab, String question) {
    this.vocab = vocab;
    this.words = Words.split(question);
    this.stems = words.stream().map(Words::stem).toList();
    this.used = new boolean[words.size()];
  }

  static QueryPlan plan(String question, SchemaVocabulary vocab) {
    return new QueryPlanner(vocab, question).plan();
  }

  private QueryPlan plan() {
    if (words.isEmpty()) {
      throw notAnswerable("The question is empty.");
    }
    for (String w : words) {
      if (DATA_CHANGING.contains(w)) {
        throw notAnswerable(
            "The question asks to change data ('"
                + w
                + "'); only questions that read data can be answered.");
      }
    }
    Optional<TimeFilter> time = TimePhrases.filter(words, used);
    Optional<String> grain = TimePhrases.grain(words, used);
    TopN top = topN();
    int countEnd = countPhrase();
    Aggregate aggregate = aggregateWord(top != null);
    List<List<ValueHit>> filters = valueFilters();

    Group group = null;
    List<Integer> measureHint = new ArrayList<>();
    Set<Integer> claimed = new LinkedHashSet<>();
    if (top != null) {
      Resolution r = resolve(phrase(top.phraseStart()));
      if (r.kind() == Kind2.TABLE || r.kind() == Kind2.COLUMN) {
        group = new Group(r.table(), r.column());
        claimed.addAll(r.tokens());
      }
    }
    int groupAt = groupWord();
    if (groupAt >= 0) {
      List<Integer> tokens = phrase(groupAt + 1);
      Resolution r = resolve(tokens);
      if (r.kind() == Kind2.MEASURE) {
        measureHint.addAll(tokens);
      } else if ((r.kind() == Kind2.TABLE || r.kind() == Kind2.COLUMN) && group == null) {
        group = new Group(r.table(), r.column());
        claimed.addAll(r.tokens());
      } else if (r.kind() == Kind2.NONE && !tokens.isEmpty()) {
        throw notAnswerable(
            "Could not tell what to group by: '"
                + words.get(tokens.get(0))
                + "' is not a table or column of this data source.");
      }
    }

    TableInfo subject = null;
    ColumnInfo measure = null;
    boolean distinctCount = false;
    if (countEnd >= 0) {
      List<Integer> tokens = phrase(countEnd);
      Resolution r = resolve(tokens);
      switch (r.kind()) {
        case TABLE -> subject = r.table();
        case COLUMN -> {
          subject = r.column().table;
          measure = r.column();
          distinctCount = true;
        }
        case MEASURE -> {
          measure = r.column();
          aggregate = Aggregate.SUM;
        }
        case NONE -> {
          if (!tokens.isEmpty()) {
            throw notAnswerable(
                "Could not tell what to count: '"
                    + words.get(tokens.get(0))
                    + "' is not a table or column of this data source.");
          }
        }
      }
      claimed.addAll(r.tokens());
      if (r.kind() != Kind2.MEASURE) {
        aggregate = Aggregate.COUNT;
      }
    }

    if (measure == null) {
      TableInfo anchor = group != null ? group.table() : subject;
      measure = bestMeasure(claimed, measureHint, anchor, aggregate);
    }
    if (subject == null) {
      subject = firstTableMention(claimed);
    }
    if (measure == null && subject != null && priceAsked()) {
      // "most expensive" / "cheapest" compare prices even when no column is named.
      measure =
          subject.columns.stream()
              .filter(
                  c ->
                      c.isMeasure()
                          && (c.nameStems.contains("price") || c.nameStems.contains("cost")))
              .findFirst()
              .orElse(null);
    }
    if (subject == null && group == null && measure == null) {
      throw notAnswerable(nothingMatched());
    }
    List<String> unknown = unknownWords(claimed);
    double confidence = Math.max(0.2, 0.9 - 0.15 * unknown.size());

    QueryType type;
    Integer limit = null;
    boolean descending = true;
    if (countEnd >= 0) {
      type =
          grain.isPresent()
              ? QueryType.TIME_SERIES
              : group != null ? QueryType.GROUPED_AGGREGATE : QueryType.COUNT;
      if (subject == null && measure == null) {
        subject = group != null ? group.table() : null;
        if (subject == null) {
          throw notAnswerable("Could not tell what to count.");
        }
      }
    } else if (top != null) {
      if (group == null && subject != null) {
        group = new Group(subject, null);
      }
      if (group == null) {
        throw notAnswerable("Could not tell what to rank: name a table or column after 'top'.");
      }
      if (measure == null) {
        if (subject != null && subject != group.table()) {
          aggregate = Aggregate.COUNT;
        } else {
          measure = defaultMeasure(group.table());
          confidence -= 0.2;
          if (measure == null) {
            throw notAnswerable("Could not tell what to rank the " + group.table().name() + " by.");
          }
        }
      }
      if (aggregate == null || aggregate == Aggregate.MIN || aggregate == Aggregate.MAX) {
        aggregate = measure == null ? Aggregate.COUNT : Aggregate.SUM;
      }
      if (subject == null || aggregate != Aggregate.COUNT) {
        subject = group.table();
      }
      type = QueryType.TOP_N;
      limit = top.n();
      descending = top.descending();
    } else if (grain.isPresent()) {
      if (measure == null && subject == null) {
        throw notAnswerable("Could not tell what to show over time.");
      }
      aggregate =
          aggregate == null ? (measure == null ? Aggregate.COUNT : Aggregate.SUM) : aggregate;
      type = QueryType.TIME_SERIES;
    } else if (aggregate != null || measure != null) {
      if (measure == null) {
        throw notAnswerable(
            "Could not tell which value to "
                + aggregate.name().toLowerCase()
                + ": no numeric column matches the question.");
      }
      aggregate = aggregate == null ? Aggregate.SUM : aggregate;
      boolean extreme = aggregate == Aggregate.MAX || aggregate == Aggregate.MIN;
      if (extreme
          && group == null
          && subject != null
          && subject == measure.table
          && subject.primaryKey().isPresent()) {
        // "the most expensive product": the row itself, not just the value.
        type = QueryType.TOP_N;
        group = new Group(subject, null);
        limit = 1;
        descending = aggregate == Aggregate.MAX;
      } else {
        type = group != null ? QueryType.GROUPED_AGGREGATE : QueryType.AGGREGATE;
      }
    } else if (group != null) {
      aggregate = Aggregate.COUNT;
      subject = subject == null ? group.table() : subject;
      type = QueryType.GROUPED_AGGREGATE;
    } else {
      type = QueryType.LIST;
      limit = listLimit();
    }
    if (subject == null) {
      subject = measure != null ? measure.table : group.table();
    }

    ColumnInfo dateColumn = null;
    if (time.isPresent() || grain.isPresent()) {
      dateColumn = dateColumn(measure != null && !distinctCount ? measure.table : subject);
    }
    return new QueryPlan(
        type,
        aggregate,
        subject,
        measure,
        distinctCount,
        group,
        grain.orElse(null),
        dateColumn,
        time.orElse(null),
        pickFilterColumns(filters, subject),
        limit,
        descending,
        Math.min(0.95, Math.max(0.2, confidence)));
  }

  // ---- shape words ----

  private TopN topN() {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      Integer next = i + 1 < words.size() ? QuestionNumbers.parse(words.get(i + 1)) : null;
      if ((w.equals("top") || w.equals("bottom"))) {
        used[i] = true;
        if (next != null) {
          used[i + 1] = true;
          return new TopN(next, w.equals("top"), i + 2, true);
        }
        return new TopN(DEFAULT_TOP_N, w.equals("top"), i + 1, false);
      }
      if ((w.equals("which") || w.equals("what") || w.equals("the") || w.equals("first"))
          && next != null) {
        int after = i + 2;
        if (after < words.size()
            && (DESCENDING_WORDS.contains(words.get(after))
                || ASCENDING_WORDS.contains(words.get(after)))) {
          used[after] = true;
          mark(i + 1, i + 1);
          return new TopN(next, !ASCENDING_WORDS.contains(words.get(after)), after + 1, true);
        }
        if (rankingWordFollows(after)) {
          mark(i + 1, i + 1);
          return new TopN(next, !ascendingFollows(after), after, true);
        }
      }
      Integer n = QuestionNumbers.parse(w);
      if (n != null
          && i + 1 < words.size()
          && (DESCENDING_WORDS.contains(words.get(i + 1))
              || ASCENDING_WORDS.contains(words.get(i + 1)))) {
        mark(i, i + 1);
        return new TopN(n, !ASCENDING_WORDS.contains(words.get(i + 1)), i + 2, true);
      }
    }
    // "which customer spent most": a ranking word without a number.
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      boolean ranking =
          (w.equals("most") || w.equals("least") || w.equals("fewest"))
              && (i + 1 >= words.size() || !words.get(i + 1).equals("expensive"));
      if (ranking && !used[i] && (words.get(0).equals("which") || words.get(0).equals("who"))) {
        used[i] = true;
        int start = words.get(0).equals("which") ? 1 : 0;
        boolean singular =
            start < words.size() && Words.stem(words.get(start)).equals(words.get(start));
        return new TopN(
            singular ? 1 : DEFAULT_TOP_N, !w.equals("least") && !w.equals("fewest"), start, false);
      }
    }
    return null;
  }

  private boolean rankingWordFollows(int from) {
    for (int i = from; i < words.size(); i++) {
      if (DESCENDING_WORDS.contains(words.get(i)) || ASCENDING_WORDS.contains(words.get(i))) {
        used[i] = true;
        return true;
      }
    }
    return false;
  }

  private boolean ascendingFollows(int from) {
    for (int i = from; i < words.size(); i++) {
      if (ASCENDING_WORDS.contains(words.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** Index just after "how many" / "number of" / "count (of)", or -1. */
  private int countPhrase() {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals("how") && i + 1 < words.size() && words.get(i + 1).equals("many")) {
        mark(i, i + 1);
        return i + 2;
      }
      if (w.equals("number") && i + 1 < words.size() && words.get(i + 1).equals("of")) {
        mark(i, i + 1);
        if (i > 0 && words.get(i - 1).equals("total")) {
          used[i - 1] = true;
        }
        return i + 2;
      }
      if (w.equals("count")) {
        used[i] = true;
        boolean of =
            i + 1 < words.size()
                && (words.get(i + 1).equals("of") || words.get(i + 1).equals("the"));
        if (of) {
          used[i + 1] = true;
        }
        return of ? i + 2 : i + 1;
      }
    }
    return -1;
  }

  private Aggregate aggregateWord(boolean ranking) {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      Aggregate a =
          switch (w) {
            case "average", "avg", "mean" -> Aggregate.AVG;
            case "total", "sum", "overall" -> Aggregate.SUM;
            case "maximum", "max", "highest", "largest", "biggest", "greatest" ->
                ranking ? null : Aggregate.MAX;
            case "minimum", "min", "lowest", "smallest", "cheapest" ->
                ranking ? null : Aggregate.MIN;
            case "expensive" ->
                i > 0 && words.get(i - 1).equals("most") && !ranking ? Aggregate.MAX : null;
            default -> null;
          };
      if (a != null) {
        used[i] = true;
        if (w.equals("expensive")) {
          used[i - 1] = true;
        }
        return a;
      }
    }
    return null;
  }

  private int groupWord() {
    for (int i = 0; i < words.size() - 1; i++) {
      if (!used[i] && GROUP_WORDS.contains(words.get(i))) {
        used[i] = true;
        return i;
      }
    }
    return -1;
  }

  private int listLimit() {
    for (int i = 0; i + 1 < words.size(); i++) {
      if (List.of("list", "show", "first", "give", "display").contains(words.get(i))) {
        Integer n = QuestionNumbers.parse(words.get(i + 1));
        if (n != null) {
          used[i + 1] = true;
          return Math.min(n, 1000);
        }
      }
    }
    return DEFAULT_LIST_LIMIT;
  }

  // ---- values named in the question ----

  /**
   * Spans of the question that equal a sample value; each span lists every column holding that
   * value.
   */
  private List<List<ValueHit>> valueFilters() {
    List<ValueHit> hits = new ArrayList<>();
    for (ColumnInfo c : vocab.columns) {
      for (String value : c.column.sampleValues()) {
        List<String> valueStems = Words.stems(value);
        if (!matchableValue(value, valueStems)) {
          continue;
        }
        for (int i = 0; i + valueStems.size() <= stems.size(); i++) {
          if (stems.subList(i, i + valueStems.size()).equals(valueStems)) {
            hits.add(new ValueHit(i, valueStems.size(), c, value));
          }
        }
      }
    }
    // Longest first, so "New York" wins over "York".
    hits.sort((a, b) -> Integer.compare(b.length(), a.length()));
    Map<Integer, List<ValueHit>> bySpan = new LinkedHashMap<>();
    for (ValueHit h : hits) {
      List<ValueHit> same = bySpan.get(h.start());
      if (same != null && same.get(0).length() == h.length()) {
        same.add(h);
        continue;
      }
      boolean free = true;
      for (int i = h.start(); i < h.start() + h.length(); i++) {
        free &= !used[i];
      }
      if (free) {
        mark(h.start(), h.start() + h.length() - 1);
        bySpan.put(h.start(), new ArrayList<>(List.of(h)));
      }
    }
    return List.copyOf(bySpan.values());
  }

  private static boolean matchableValue(String value, List<String> valueStems) {
    if (valueStems.isEmpty() || value.length() < 2 || value.matches("[\\d.,\\s-]+")) {
      return false;
    }
    return !valueStems.stream()
        .allMatch(s -> Words.STOP_WORDS.contains(s) || Words.SHAPE_WORDS.contains(s));
  }

  /** For each value found, keeps the column closest to the subject; merges values of one column. */
  private List<ValueFilter> pickFilterColumns(List<List<ValueHit>> spans, TableInfo subject) {
    Map<ColumnInfo, List<String>> chosen = new LinkedHashMap<>();
    for (List<ValueHit> span : spans) {
      ValueHit best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (ValueHit h : span) {
        int d = subject == null ? 0 : vocab.distance(subject, h.column().table);
        if (d >= 0 && d < bestDistance) {
          best = h;
          bestDistance = d;
        }
      }
      if (best != null) {
        chosen.computeIfAbsent(best.column(), k -> new ArrayList<>()).add(best.value());
      }
    }
    return chosen.entrySet().stream()
        .map(e -> new ValueFilter(e.getKey(), List.copyOf(e.getValue())))
        .toList();
  }

  // ---- resolving words to tables, columns and measures ----

  /** Up to three content words from {@code start}, stopping at a used or grammar word. */
  private List<Integer> phrase(int start) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = start; i < words.size() && tokens.size() < 3; i++) {
      String w = words.get(i);
      if (used[i] || GROUP_WORDS.contains(w) || QuestionNumbers.parse(w) != null) {
        if (tokens.isEmpty() && !GROUP_WORDS.contains(w) && used[i]) {
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

  private Resolution resolve(List<Integer> tokens) {
    if (tokens.isEmpty()) {
      return Resolution.NONE;
    }
    TableInfo bestTable = null;
    double tableScore = 0;
    for (TableInfo t : vocab.tables) {
      double s = 0;
      Set<String> covered = new LinkedHashSet<>();
      for (int i : tokens) {
        double ts = SchemaVocabulary.score(t, stems.get(i));
        s += ts;
        if (ts >= 3) {
          covered.add(stems.get(i));
        }
      }
      if (s > 0 && covered.containsAll(Words.contentStems(t.name().replace('_', ' ')))) {
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
      for (int i : tokens) {
        double cs = SchemaVocabulary.score(c, stems.get(i));
        if (!c.isMeasure() && namesTable(stems.get(i))) {
          // "payments" names a table; that its columns start with "payment" does not make it a
          // column.
          cs = Math.min(cs, 1);
        }
        own += cs;
        s += cs;
        if (cs == 0 && SchemaVocabulary.score(c.table, stems.get(i)) >= MIN_NAME_SCORE) {
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
    if (Math.max(tableScore, columnScore) < MIN_NAME_SCORE && measureScore >= MIN_MEASURE_SCORE) {
      return new Resolution(Kind2.MEASURE, bestMeasure.table, bestMeasure, measureScore, tokens);
    }
    if (bestColumn != null && columnScore > tableScore + 0.25 && columnScore >= MIN_NAME_SCORE) {
      return new Resolution(Kind2.COLUMN, bestColumn.table, bestColumn, columnScore, tokens);
    }
    if (bestTable != null && tableScore >= MIN_NAME_SCORE) {
      return new Resolution(Kind2.TABLE, bestTable, null, tableScore, tokens);
    }
    if (bestColumn != null && columnScore >= MIN_NAME_SCORE) {
      return new Resolution(Kind2.COLUMN, bestColumn.table, bestColumn, columnScore, tokens);
    }
    return Resolution.NONE;
  }

  /**
   * How strongly the rest of the question names {@code table}: breaks ties between same-named
   * columns.
   */
  private double contextScore(TableInfo table) {
    double s = 0;
    for (int i = 0; i < words.size(); i++) {
      if (!Words.STOP_WORDS.contains(words.get(i))) {
        s += SchemaVocabulary.score(table, stems.get(i)) >= 3 ? 1 : 0;
      }
    }
    return s;
  }

  private ColumnInfo bestMeasure(
      Set<Integer> claimed, List<Integer> hint, TableInfo anchor, Aggregate aggregate) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if ((hint.contains(i) || isContent(i)) && !claimed.contains(i)) {
        tokens.add(i);
      }
    }
    boolean moneyAsked = tokens.stream().anyMatch(i -> Words.isMoneyWord(stems.get(i)));
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
        double cs = SchemaVocabulary.score(c, stems.get(i));
        if (cs > 0) {
          hits.add(i);
          // A word that names a table ("orders") alone does not make its columns the measure.
          strong |= cs >= 1.5 || !namesTable(stems.get(i));
        }
        s += cs;
        if (SchemaVocabulary.score(c.table, stems.get(i)) >= 3 && cs > 0) {
          // "sales amount" with a sales table: the word names the column's own table.
          s += 1.5;
        } else if (SchemaVocabulary.score(c.table, stems.get(i)) >= 3) {
          s += 1;
        }
      }
      if (!strong) {
        continue;
      }
      if (moneyAsked && (aggregate == null || aggregate == Aggregate.SUM) && additive(c)) {
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

  private boolean priceAsked() {
    return words.contains("expensive")
        || words.contains("cheapest")
        || words.contains("cheap")
        || words.contains("priciest");
  }

  private boolean namesTable(String stem) {
    return vocab.tables.stream().anyMatch(t -> SchemaVocabulary.score(t, stem) >= MIN_NAME_SCORE);
  }

  private static boolean additive(ColumnInfo c) {
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
  private ColumnInfo defaultMeasure(TableInfo anchor) {
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

  private TableInfo firstTableMention(Set<Integer> claimed) {
    for (int i = 0; i < words.size(); i++) {
      if (!isContent(i) || claimed.contains(i)) {
        continue;
      }
      TableInfo best = null;
      double bestScore = 0;
      for (TableInfo t : vocab.tables) {
        double s = SchemaVocabulary.score(t, stems.get(i));
        if (s >= 3 && Words.contentStems(t.name().replace('_', ' ')).size() == 1) {
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

  private ColumnInfo dateColumn(TableInfo base) {
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
      for (int i = 0; i < words.size(); i++) {
        // Words naming a table pick the entity, not which of its dates to filter on: "customers"
        // must not pull "signed up" dates into "which customers spent most last quarter".
        if (!Words.STOP_WORDS.contains(words.get(i)) && !namesTable(stems.get(i))) {
          s += 10 * Math.min(1, SchemaVocabulary.score(c, stems.get(i)));
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
      throw notAnswerable(
          "The question names a time period, but " + base.name() + " has no related date column.");
    }
    return best;
  }

  // ---- what was not understood ----

  private boolean isContent(int i) {
    String w = words.get(i);
    return !used[i]
        && !Words.STOP_WORDS.contains(w)
        && !Words.SHAPE_WORDS.contains(w)
        && QuestionNumbers.parse(w) == null;
  }

  private List<String> unknownWords(Set<Integer> claimed) {
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (isContent(i) && !claimed.contains(i) && !knownWord(stems.get(i))) {
        unknown.add(words.get(i));
      }
    }
    return unknown;
  }

  private boolean knownWord(String stem) {
    return vocab.tables.stream().anyMatch(t -> SchemaVocabulary.score(t, stem) > 0)
        || vocab.columns.stream().anyMatch(c -> SchemaVocabulary.score(c, stem) > 0);
  }

  private String nothingMatched() {
    List<String> unknown = unknownWords(Set.of());
    if (unknown.isEmpty()) {
      return "The question names no table, column or value of this data source.";
    }
    return "Nothing in the question matches this data source: "
        + String.join(", ", unknown.stream().map(w -> "'" + w + "'").toList())
        + (unknown.size() == 1 ? " is" : " are")
        + " not a table, column or known value.";
  }

  private void mark(int from, int to) {
    for (int i = from; i <= to; i++) {
      used[i] = true;
    }
  }

  private static SqmException notAnswerable(String reason) {
    return new SqmException(ErrorCode.QUESTION_NOT_ANSWERABLE, reason);
  }
}
