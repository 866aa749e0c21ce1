package com.sqm.ai.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits text and identifiers into comparable word stems: lower case, {@code snake_case} and {@code
 * camelCase} split, grammar words dropped, plurals and common endings folded ("categories" =
 * "category", "ordered" = "order").
 */
final class Tokens {
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "of", "in", "on", "for", "to", "is", "are", "was", "were", "be", "been",
          "what", "which", "who", "how", "there", "do", "does", "did", "me", "us", "show", "list",
          "give", "get", "find", "tell", "all", "each", "every", "per", "by", "with", "and", "or",
          "from", "at", "as", "their", "its", "it", "that", "this", "these", "those", "have", "has",
          "had", "i", "we", "you", "our", "my", "please", "many", "much", "than", "into", "not",
          "no", "any", "some", "can", "could", "would", "should", "will");

  private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private Tokens() {}

  /** The stems of {@code text} in order, duplicates kept (term frequencies need them). */
  static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    // camelCase → camel Case before lower-casing, so "orderDate" matches "order date".
    String spaced = CAMEL_CASE.matcher(text).replaceAll("$1 $2").toLowerCase(Locale.ROOT);
    for (String word : NOT_WORD.split(spaced)) {
      if (word.isEmpty() || STOP_WORDS.contains(word)) {
        continue;
      }
      out.add(stem(word));
    }
    return out;
  }

  /** A light stemmer: enough to fold plurals and the usual verb endings, never a dictionary. */
  static String stem(String word) {
    String w = word;
    if (w.length() <= 3 || w.chars().allMatch(Character::isDigit)) {
      return w;
    }
    if (w.endsWith("ies") && w.length() > 4) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches") || w.endsWith("xes")) {
      return w.substring(0, w.length() - 2);
    }
    if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      w = w.substring(0, w.length() - 1);
    }
    if (w.endsWith("ing") && w.length() > 5) {
      w = w.substring(0, w.length() - 3);
    } else if (w.endsWith("ed") && w.length() > 4) {
      w = w.substring(0, w.length() - 2);
    }
    // "price" and "priced", "store" and "stored" meet at "pric", "stor".
    if (w.endsWith("e") && w.length() > 3) {
      w = w.substring(0, w.length() - 1);
    }
    return w;
  }
}
