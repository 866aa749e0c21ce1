package com.sqm.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds the words that qualify which rows a question is about, beyond plain values: negation
 * ("never", "without"), recency ("the 10 most recent"), shares ("what percentage of"), text
 * patterns ("starts with") and period comparisons ("compared to the month before"). Each detector
 * marks the words it consumed; what a detector cannot place stays unconsumed, so the question is
 * declined naming it.
 */
final class Qualifiers {
  private static final Set<String> NEGATIONS = Set.of("never", "not", "without", "no", "none");
  // "don't", "hasn't": the apostrophe splits them into "don" + "t".
  private static final Set<String> CONTRACTED =
      Set.of("don", "doesn", "didn", "haven", "hasn", "hadn", "isn", "aren", "wasn", "weren");
  private static final Set<String> NEWEST = Set.of("recent", "latest", "newest");
  private static final Set<String> OLDEST = Set.of("oldest", "earliest");
  private static final Set<String> SHARE_WORDS =
      Set.of("share", "percentage", "percent", "proportion", "fraction");
  private static final Set<String> SHARE_VERBS =
      Set.of(
          "come", "comes", "came", "coming", "account", "accounts", "accounted", "make", "makes");
  private static final Set<String> COMPARE_WORDS =
      Set.of("compared", "compare", "comparing", "versus", "vs");
  private static final Set<String> PREVIOUS_WORDS = Set.of("previous", "prior", "preceding");

  /** A negation word and where the words it negates start. */
  record Negation(int at, int clauseStart) {}

  /** Rows ordered by date: newest or oldest first, how many, and where the rows are named. */
  record Recency(boolean newest, Integer n, int nounAt) {}

  /** A text pattern: the literal, its position in the question and which end it anchors. */
  record Pattern(int phraseStart, String literal, Anchor anchor) {}

  /**
   * An explicit sort: the words naming what to sort by (empty for "in descending order" alone), the
   * direction (null when not said) and whether it is alphabetical.
   */
  record Sort(List<Integer> byTokens, Boolean descending, boolean alphabetical) {}

  /** "ratio of A to B": where "ratio" and "to" stand. */
  record Ratio(int at, int to, boolean perRow) {}

  enum Anchor {
    START,
    END,
    ANYWHERE
  }

  private static final Set<String> SORT_VERBS =
      Set.of("ordered", "sorted", "sort", "order", "ranked", "arranged");
  private static final Set<String> DESCENDING_SORT = Set.of("descending", "desc", "decreasing");
  private static final Set<String> ASCENDING_SORT = Set.of("ascending", "asc", "increasing");
  private static final Set<String> HIGH_WORDS = Set.of("highest", "most", "largest", "biggest");
  private static final Set<String> LOW_WORDS = Set.of("lowest", "least", "smallest", "fewest");

  private final QuestionTokens q;

  Qualifiers(QuestionTokens q) {
    this.q = q;
  }

  /** The first negation word not yet consumed (by a value exclusion), or null. */
  Negation negation() {
    for (int i = 0; i < q.size(); i++) {
      if (q.used(i)) {
        continue;
      }
      if (NEGATIONS.contains(q.word(i))) {
        return new Negation(i, i + 1);
      }
      if (CONTRACTED.contains(q.word(i)) && q.is(i + 1, "t")) {
        return new Negation(i, i + 2);
      }
    }
    return null;
  }

  /** "most recent", "latest", "newest", "oldest", "earliest", with an optional count before. */
  Recency recency() {
    for (int i = 0; i < q.size(); i++) {
      String w = q.word(i);
      boolean newest = NEWEST.contains(w);
      if (q.used(i) || (!newest && !OLDEST.contains(w))) {
        continue;
      }
      q.mark(i);
      int before = i - 1;
      if (q.is(before, "most")) {
        q.mark(before);
        before--;
      }
      Integer n = before >= 0 ? QuestionNumbers.parse(q.word(before)) : null;
      if (n != null) {
        q.mark(before);
      }
      return new Recency(newest, n, i + 1);
    }
    return null;
  }

  /**
   * Index of a share word ("share", "percentage"), consuming it, a following "of" and the verb that
   * points at the part ("comes from", "accounts for"); or -1.
   */
  int share() {
    for (int i = 0; i < q.size(); i++) {
      if (!q.used(i) && SHARE_WORDS.contains(q.word(i))) {
        q.mark(i);
        if (q.is(i + 1, "of")) {
          q.mark(i + 1);
        }
        for (int j = i + 1; j < q.size(); j++) {
          if (SHARE_VERBS.contains(q.word(j))) {
            q.mark(j);
          }
        }
        return i;
      }
    }
    return -1;
  }

  /** "starts with X", "ending in X", "containing X", "has 'X' in its name": the literal. */
  Pattern pattern() {
    Pattern p = wordPattern();
    return p != null ? p : containedIn();
  }

  /**
   * "that has 'M5' in its VIN number": a quoted literal inside the column named after it. The
   * pattern's phrase start is put after the column words, where {@link QualifierResolver} looks for
   * them.
   */
  private Pattern containedIn() {
    for (QuestionTokens.Quoted quoted : q.quoted) {
      int in = quoted.start() + quoted.length();
      if (!q.is(in, "in") || anyUsed(quoted.start(), in)) {
        continue;
      }
      int from = in + 1;
      if (from < q.size() && Set.of("its", "their", "the", "a", "an").contains(q.word(from))) {
        from++;
      }
      int end = from;
      while (end < q.size()
          && end - from < 2
          && !q.used(end)
          && !Words.STOP_WORDS.contains(q.word(end))) {
        end++;
      }
      if (end == from) {
        return null;
      }
      q.mark(quoted.start(), from - 1);
      return new Pattern(end, quoted.text(), Anchor.ANYWHERE);
    }
    return null;
  }

  private boolean anyUsed(int from, int to) {
    for (int i = from; i < to; i++) {
      if (q.used(i)) {
        return true;
      }
    }
    return false;
  }

  private Pattern wordPattern() {
    for (int i = 0; i + 1 < q.size(); i++) {
      String w = q.word(i);
      Anchor anchor =
          switch (w) {
            case "start", "starts", "starting", "begin", "begins", "beginning" -> Anchor.START;
            case "end", "ends", "ending" -> Anchor.END;
            case "contain", "contains", "containing" -> Anchor.ANYWHERE;
            default -> null;
          };
      if (anchor == null || q.used(i)) {
        continue;
      }
      int literal = i + 1;
      if (anchor != Anchor.ANYWHERE) {
        if (!q.is(literal, "with") && !q.is(literal, "in")) {
          continue;
        }
        literal++;
      }
      if (q.is(literal, "the") && literal + 2 < q.size()) {
        // "starts with the letter A"
        literal += q.is(literal + 1, "letter") || q.is(literal + 1, "word") ? 2 : 0;
      }
      if (literal >= q.size()) {
        return null;
      }
      q.mark(i, literal);
      return new Pattern(i, q.original.get(literal), anchor);
    }
    return null;
  }

  /**
   * "compared to the month before" / "vs the previous year" after a period: the unit of the earlier
   * period it names, consuming the phrase; null when there is no comparison.
   */
  String comparedUnit() {
    for (int i = 0; i < q.size(); i++) {
      if (q.used(i) || !COMPARE_WORDS.contains(q.word(i))) {
        continue;
      }
      int j = i + 1;
      while (j < q.size() && List.of("to", "with", "the", "against").contains(q.word(j))) {
        j++;
      }
      if (j + 1 < q.size()
          && PREVIOUS_WORDS.contains(q.word(j))
          && TimePhrases.isUnit(Words.stem(q.word(j + 1)))) {
        q.mark(i, j + 1);
        return Words.stem(q.word(j + 1));
      }
      if (j + 1 < q.size() && TimePhrases.isUnit(Words.stem(q.word(j))) && q.is(j + 1, "before")) {
        q.mark(i, j + 1);
        return Words.stem(q.word(j));
      }
      return null;
    }
    return null;
  }

  /**
   * "ordered by X", "sorted in descending order", "from highest to lowest", "alphabetically":
   * consumes the sort words and returns what to sort by; null when the question asks for no sort.
   */
  Sort sort() {
    List<Integer> by = new ArrayList<>();
    Boolean descending = null;
    boolean alphabetical = false;
    boolean found = false;
    for (int i = 0; i < q.size(); i++) {
      String w = q.word(i);
      if (q.used(i)) {
        continue;
      }
      if (w.equals("alphabetically") || w.equals("alphabetical")) {
        q.mark(i);
        if (q.is(i + 1, "order")) {
          q.mark(i + 1);
        }
        alphabetical = true;
        found = true;
      } else if (DESCENDING_SORT.contains(w) || ASCENDING_SORT.contains(w)) {
        q.mark(i);
        if (q.is(i + 1, "order")) {
          q.mark(i + 1);
        }
        descending = DESCENDING_SORT.contains(w);
        found = true;
      } else if (q.is(i, "from")
          && (HIGH_WORDS.contains(word(i + 1)) || LOW_WORDS.contains(word(i + 1)))
          && q.is(i + 2, "to")
          && (HIGH_WORDS.contains(word(i + 3)) || LOW_WORDS.contains(word(i + 3)))) {
        q.mark(i, i + 3);
        descending = HIGH_WORDS.contains(word(i + 1));
        found = true;
      } else if (SORT_VERBS.contains(w) && q.is(i + 1, "by")) {
        q.mark(i, i + 1);
        found = true;
        for (int j = i + 2; j < q.size() && by.size() < 3; j++) {
          String t = q.word(j);
          if (q.used(j) || DESCENDING_SORT.contains(t) || ASCENDING_SORT.contains(t)) {
            break;
          }
          if (by.isEmpty() && (HIGH_WORDS.contains(t) || LOW_WORDS.contains(t))) {
            // "ordered by the highest average rating first"
            q.mark(j);
            descending = HIGH_WORDS.contains(t);
            continue;
          }
          if (!Words.STOP_WORDS.contains(t)) {
            by.add(j);
          } else if (!by.isEmpty()) {
            break;
          }
        }
        int after = by.isEmpty() ? i + 2 : by.get(by.size() - 1) + 1;
        if (q.is(after, "first")) {
          q.mark(after);
        }
      } else if (SORT_VERBS.contains(w)
          && w.endsWith("ed")
          && (q.is(i + 1, "from")
              || q.is(i + 1, "in")
              || q.is(i + 1, "alphabetically")
              || DESCENDING_SORT.contains(word(i + 1))
              || ASCENDING_SORT.contains(word(i + 1)))) {
        // "ordered from highest to lowest", "sorted in ascending order": the rest says how.
        q.mark(i);
        found = true;
      }
    }
    return found ? new Sort(by, descending, alphabetical) : null;
  }

  private String word(int i) {
    return i < q.size() ? q.word(i) : "";
  }

  /** "the ratio of A to B", without consuming it (the resolver does once A and B are known). */
  Ratio ratio() {
    for (int i = 0; i + 2 < q.size(); i++) {
      if (!q.used(i) && q.is(i, "ratio") && q.is(i + 1, "of")) {
        for (int j = i + 3; j < q.size(); j++) {
          if (q.is(j, "to") && !q.used(j)) {
            // "the average ratio of A to B" averages each row's ratio.
            boolean perRow = i > 0 && Set.of("average", "avg", "mean").contains(q.word(i - 1));
            return new Ratio(i, j, perRow);
          }
        }
      }
    }
    return null;
  }
}
