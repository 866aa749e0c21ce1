package com.sqm.ai;

import com.sqm.ai.QueryPlan.ValueFilter;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the values a question names ("Germany", "cancelled") among the columns' sample values and
 * turns them into filters on the column nearest the rows asked about.
 */
final class ValueMatcher {
  /** Words that negate the value right after them: "orders not cancelled". */
  private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "except", "excluding");

  /** A span of the question equal to one sample value of {@code column}. */
  record ValueHit(int start, int length, ColumnInfo column, String value) {}

  private static final Set<String> NAMING = Set.of("named", "called", "titled");
  private static final Set<String> BEFORE_LITERAL = Set.of("the", "of", "is", "a", "an");

  private final SchemaVocabulary vocab;
  private final QuestionTokens q;
  private final Set<Integer> negatedStarts = new HashSet<>();

  ValueMatcher(SchemaVocabulary vocab, QuestionTokens q) {
    this.vocab = vocab;
    this.q = q;
  }

  /**
   * Spans of the question that equal a sample value; each span lists every column holding that
   * value.
   */
  private static final Set<String> ORIGIN_WORDS = Set.of("from", "origin", "departure", "source");

  private static final Set<String> DESTINATION_WORDS =
      Set.of("to", "destination", "dest", "arrival");

  List<List<ValueHit>> find() {
    List<ValueHit> hits = new ArrayList<>();
    for (ColumnInfo c : vocab.columns) {
      for (String value : c.column.sampleValues()) {
        List<String> valueStems = Words.stems(value);
        if (!matchable(value, valueStems)) {
          continue;
        }
        for (int i = 0; i + valueStems.size() <= q.size(); i++) {
          if (q.stems.subList(i, i + valueStems.size()).equals(valueStems)
              && noGrammarWordStemmed(i, value)) {
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
        free &= !q.used(i);
      }
      if (free) {
        q.mark(h.start(), h.start() + h.length() - 1);
        bySpan.put(h.start(), new ArrayList<>(List.of(h)));
      }
    }
    for (QuestionTokens.Quoted quoted : q.quoted) {
      ValueHit hit = quotedValue(quoted);
      if (hit != null) {
        q.mark(hit.start(), hit.start() + hit.length() - 1);
        bySpan.put(hit.start(), new ArrayList<>(List.of(hit)));
      }
    }
    for (int start : bySpan.keySet()) {
      if (negatedAt(start)) {
        negatedStarts.add(start);
      }
      if (start > 0 && NAMING.contains(q.word(start - 1)) && !q.used(start - 1)) {
        // "the vendor named 'Utility Company'": the word only introduces the value.
        q.mark(start - 1);
      }
    }
    return List.copyOf(bySpan.values());
  }

  /**
   * Whether the span from {@code start} matches {@code value} without reading a grammar word as a
   * value word ("does" must not become the name "Doe").
   */
  private boolean noGrammarWordStemmed(int start, String value) {
    List<String> valueWords = Words.split(value);
    for (int k = 0; k < valueWords.size(); k++) {
      String w = q.word(start + k);
      if ((Words.STOP_WORDS.contains(w) || Words.SHAPE_WORDS.contains(w))
          && !w.equals(valueWords.get(k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A quoted literal no sample value matched, as a value of the text column the words before it
   * name ("the neighbourhood "Downtown"", "the vendor named 'Utility Company'"); null when no
   * single column is named.
   */
  private ValueHit quotedValue(QuestionTokens.Quoted quoted) {
    for (int i = quoted.start(); i < quoted.start() + quoted.length(); i++) {
      if (q.used(i)) {
        return null;
      }
    }
    int after = quoted.start() + quoted.length();
    if (q.is(after, "in") || q.is(after, "within")) {
      // "has 'M5' in its VIN number": a part of a value, not a value.
      return null;
    }
    int i = quoted.start() - 1;
    while (i >= 0 && (BEFORE_LITERAL.contains(q.word(i)) || NAMING.contains(q.word(i)))) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    String stem = q.stem(i);
    boolean named = quoted.start() > 0 && NAMING.contains(q.word(quoted.start() - 1));
    List<ColumnInfo> candidates = new ArrayList<>();
    for (ColumnInfo c : vocab.columns) {
      boolean text = c.kind == SchemaVocabulary.Kind.TEXT;
      boolean byName = c.nameStems.contains(stem);
      // "the vendor named X": the name column of what "vendor" names.
      boolean byLabel =
          named
              && (SchemaVocabulary.score(c.table, stem) >= 3 || c.nameStems.contains(stem))
              && c.table.labelColumns().contains(c);
      // A column with samples has all its values sampled: a literal not among them is not there.
      boolean unsampled = c.column.sampleValues().isEmpty();
      if (text && unsampled && (byName || byLabel) && !candidates.contains(c)) {
        candidates.add(c);
      }
    }
    if (candidates.size() != 1) {
      return null;
    }
    if (named) {
      q.mark(quoted.start() - 1);
    }
    return new ValueHit(quoted.start(), quoted.length(), candidates.get(0), quoted.text());
  }

  /** Digits and separators only: a number, time or date, never matched as a named value. */
  private static final Pattern NUMBER_LIKE = Pattern.compile("[\\d.,\\s:-]+");

  private static boolean matchable(String value, List<String> valueStems) {
    if (valueStems.isEmpty() || value.length() < 2 || NUMBER_LIKE.matcher(value).matches()) {
      return false;
    }
    return !valueStems.stream()
        .allMatch(s -> Words.STOP_WORDS.contains(s) || Words.SHAPE_WORDS.contains(s));
  }

  /**
   * For each value found, keeps the column closest to the subject and merges values of one column;
   * a value right after "not" / "except" becomes an exclusion, and its negation word is consumed.
   */
  List<ValueFilter> pick(List<List<ValueHit>> spans, TableInfo subject) {
    Map<String, List<String>> chosen = new LinkedHashMap<>();
    Map<String, ColumnInfo> columns = new LinkedHashMap<>();
    Map<String, Set<String>> directions = new LinkedHashMap<>();
    for (List<ValueHit> span : spans) {
      ValueHit best = null;
      int bestDistance = Integer.MAX_VALUE;
      String direction = direction(span.get(0).start());
      // "from LAX to ORD": each value goes to the column of its direction, when there is one.
      boolean oriented = span.stream().anyMatch(h -> towards(h.column(), direction));
      for (ValueHit h : span) {
        int d = subject == null ? 0 : vocab.distance(subject, h.column().table);
        if (oriented && !towards(h.column(), direction)) {
          continue;
        }
        if (d >= 0 && d < bestDistance) {
          best = h;
          bestDistance = d;
        }
      }
      if (best == null) {
        ValueHit h = span.get(0);
        throw QueryPlanner.notAnswerable(
            "'"
                + String.join(" ", q.original.subList(h.start(), h.start() + h.length()))
                + "' is a value of "
                + h.column()
                + ", which is not connected to "
                + subject.name()
                + ": the question cannot be answered with that filter.");
      }
      if (best != null) {
        boolean negated = negatedStarts.contains(best.start());
        String key = best.column() + (negated ? "!" : "");
        columns.put(key, best.column());
        chosen.computeIfAbsent(key, k -> new ArrayList<>()).add(best.value());
        if (direction != null) {
          directions.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(direction);
        }
      }
    }
    for (Map.Entry<String, Set<String>> e : directions.entrySet()) {
      if (e.getValue().size() > 1) {
        throw QueryPlanner.notAnswerable(
            "Could not tell where "
                + String.join(" and ", chosen.get(e.getKey()))
                + " go: 'from' and 'to' name the same column, "
                + columns.get(e.getKey())
                + ".");
      }
    }
    return chosen.entrySet().stream()
        .map(
            e ->
                new ValueFilter(
                    columns.get(e.getKey()), List.copyOf(e.getValue()), e.getKey().endsWith("!")))
        .toList();
  }

  /** "from" or "to" right before a value (past "the"), or null. */
  private String direction(int start) {
    int i = start - 1;
    while (i >= 0 && q.is(i, "the")) {
      i--;
    }
    if (q.is(i, "from")) {
      return "from";
    }
    return q.is(i, "to") || q.is(i, "into") ? "to" : null;
  }

  private static boolean towards(ColumnInfo c, String direction) {
    if (direction == null) {
      return false;
    }
    Set<String> words = direction.equals("from") ? ORIGIN_WORDS : DESTINATION_WORDS;
    // The name's own words: "to" and "from" are stop words, not among its stems.
    return Words.split(c.words).stream().anyMatch(words::contains);
  }

  /** Whether a negation word stands right before {@code start}, with only grammar in between. */
  private boolean negatedAt(int start) {
    for (int i = start - 1; i >= 0 && start - i <= 3; i--) {
      String w = q.word(i);
      if (NEGATIONS.contains(w) && !q.used(i)) {
        q.mark(i);
        return true;
      }
      if (!Words.STOP_WORDS.contains(w) && !Words.FILLER_WORDS.contains(w)) {
        return false;
      }
    }
    return false;
  }
}
