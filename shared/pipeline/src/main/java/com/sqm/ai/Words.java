package com.sqm.ai;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Word-level normalisation shared by question and schema: splitting, stemming, synonyms, stop
 * words.
 */
final class Words {
  /** Grammar words that never name data. */
  static final Set<String> STOP_WORDS =
      setOf(
          "a",
          "an",
          "the",
          "of",
          "in",
          "on",
          "for",
          "to",
          "is",
          "are",
          "was",
          "were",
          "be",
          "been",
          "being",
          "what",
          "which",
          "who",
          "whom",
          "whose",
          "how",
          "there",
          "do",
          "does",
          "did",
          "me",
          "us",
          "show",
          "list",
          "give",
          "get",
          "find",
          "tell",
          "all",
          "each",
          "every",
          "per",
          "by",
          "with",
          "and",
          "or",
          "from",
          "at",
          "as",
          "their",
          "its",
          "it",
          "that",
          "this",
          "these",
          "those",
          "have",
          "has",
          "had",
          "i",
          "we",
          "you",
          "our",
          "my",
          "please",
          "return",
          "calculate",
          "provide",
          "compute",
          "display",
          "s",
          "can",
          "could",
          "would",
          "should",
          "will",
          "any",
          "some",
          "into",
          "than",
          "then",
          "over",
          "across",
          "about",
          "up",
          "out",
          "so",
          "if",
          "let",
          "know",
          "want",
          "need",
          "see",
          "e",
          "g",
          "eg",
          "also",
          "just",
          "where",
          "when",
          "whats",
          "them",
          "they",
          "he",
          "she",
          "his",
          "her",
          "ever",
          "such",
          "including",
          "inclusive",
          "yes",
          "here",
          "like",
          "currently",
          "exist",
          "existing",
          "whole",
          "entire");

  /**
   * Verbs that only link the things a question names ("customers who placed orders", "sales made
   * by") and nouns for the data source itself ("rows", "records"): no condition of their own.
   */
  static final Set<String> FILLER_WORDS =
      setOf(
          "make",
          "made",
          "makes",
          "place",
          "placed",
          "places",
          "get",
          "got",
          "gets",
          "happen",
          "happened",
          // "departments offer courses", "airlines offer flights": the link the keys already are.
          "offer",
          "offers",
          "occur",
          "occurred",
          "exists",
          "record",
          "recorded",
          "records",
          "data",
          "database",
          "table",
          "entries",
          "entry",
          "row",
          "rows");

  /** Words that shape the query (aggregation, ranking, time) rather than name data. */
  static final Set<String> SHAPE_WORDS =
      setOf(
          "number",
          "many",
          "much",
          "count",
          "total",
          "sum",
          "average",
          "avg",
          "mean",
          "top",
          "most",
          "best",
          "least",
          "bottom",
          "worst",
          "highest",
          "lowest",
          "largest",
          "biggest",
          "smallest",
          "greatest",
          "maximum",
          "minimum",
          "max",
          "min",
          "between",
          "since",
          "during",
          "within",
          "last",
          "past",
          "previous",
          "current",
          "year",
          "month",
          "week",
          "day",
          "quarter",
          "today",
          "yesterday",
          "daily",
          "weekly",
          "monthly",
          "quarterly",
          "yearly",
          "annual",
          "annually",
          "together",
          "overall",
          "trend",
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "twenty",
          "fifteen",
          "twelve",
          "breakdown",
          "split",
          "distribution",
          "rank",
          "ranking",
          "ranked",
          "sorted",
          "descending",
          "ascending",
          "expensive",
          "cheapest",
          "fewest",
          "more",
          "less",
          "than",
          "ago",
          "q1",
          "q2",
          "q3",
          "q4");

  private Words() {}

  private static Set<String> setOf(String... words) {
    return Set.copyOf(new HashSet<>(List.of(words)));
  }

  // Compiled once: split runs for every sample value of every column, for every question.
  private static final Pattern POSSESSIVE = Pattern.compile("'s\\b");
  private static final Pattern NOT_A_WORD_CHARACTER = Pattern.compile("[^a-z0-9]+");

  /** Lower-case words of {@code text}; digits kept, possessive "'s" dropped, underscores split. */
  static List<String> split(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String lower =
        POSSESSIVE.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\'')).replaceAll("");
    List<String> words = new ArrayList<>();
    for (String w : NOT_A_WORD_CHARACTER.split(lower)) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  /** A light stemmer: enough to make plurals meet singulars ("categories" → "category"). */
  static String stem(String word) {
    if (word.equals("ids")) {
      return "id";
    }
    if (word.length() <= 3 || word.chars().allMatch(Character::isDigit)) {
      return word;
    }
    if (word.endsWith("uses") && word.length() > 5) {
      // "statuses" → "status", "buses" → "bus"
      return word.substring(0, word.length() - 2);
    }
    if (word.endsWith("ies") && word.length() > 4) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.endsWith("sses")
        || word.endsWith("xes")
        || word.endsWith("ches")
        || word.endsWith("shes")) {
      return word.substring(0, word.length() - 2);
    }
    if (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) {
      return word;
    }
    if (word.endsWith("s")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  /**
   * The verb a gerund or participle comes from, to meet a name ("closing" → "close", "shipped" →
   * "ship"); empty for other words.
   */
  static List<String> baseForms(String stem) {
    for (String ending : List.of("ing", "ed")) {
      if (stem.endsWith(ending) && stem.length() > ending.length() + 2) {
        String base = stem.substring(0, stem.length() - ending.length());
        List<String> forms = new ArrayList<>(List.of(base, base + "e"));
        int n = base.length();
        if (base.charAt(n - 1) == base.charAt(n - 2)) {
          forms.add(base.substring(0, n - 1));
        }
        return forms;
      }
    }
    return List.of();
  }

  static List<String> stems(String text) {
    return split(text).stream().map(Words::stem).toList();
  }

  /** Stems of {@code text} without stop words, as a set. */
  static Set<String> contentStems(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : split(text)) {
      if (!STOP_WORDS.contains(w)) {
        out.add(stem(w));
      }
    }
    return out;
  }

  static boolean synonyms(String a, String b) {
    return Synonyms.same(a, b);
  }

  static boolean anySynonym(String stem, Set<String> stems) {
    return Synonyms.anyOf(stem, stems);
  }

  static boolean isMoneyWord(String stem) {
    return Synonyms.isMoney(stem);
  }
}
