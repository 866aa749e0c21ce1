package com.sqm.ai;

import java.util.List;
import java.util.Locale;

/**
 * The words a schema identifier stands for: underscores split words, and a prefix every table (or
 * every column of a table) shares is dropped, as legacy schemas prefix names ({@code sbCustomer},
 * {@code sbCustName} → "customer", "name"). Glued endings such as "id" or "date" are split off
 * ("joindate" → "join date").
 */
final class IdentifierWords {
  /** Only short prefixes are naming conventions; a long shared start is a real word. */
  static final int MAX_PREFIX = 6;

  private static final List<String> GLUED_ENDINGS =
      List.of("id", "date", "time", "name", "code", "type", "amount", "price", "status", "count");

  private IdentifierWords() {}

  /**
   * The prefix every name shares (at least three names; {@code minLength} to {@code maxLength}
   * letters), or "".
   */
  static String sharedPrefix(List<String> names, int minLength, int maxLength) {
    if (names.size() < 3) {
      return "";
    }
    String prefix = names.get(0).toLowerCase(Locale.ROOT);
    for (String n : names) {
      String lower = n.toLowerCase(Locale.ROOT);
      int k = 0;
      while (k < prefix.length() && k < lower.length() && prefix.charAt(k) == lower.charAt(k)) {
        k++;
      }
      prefix = prefix.substring(0, k);
    }
    for (String n : names) {
      // Every name must keep a word of at least two letters after the prefix.
      while (!prefix.isEmpty() && n.length() - prefix.length() < 2) {
        prefix = prefix.substring(0, prefix.length() - 1);
      }
    }
    return prefix.length() >= minLength && prefix.length() <= maxLength ? prefix : "";
  }

  /** The words of {@code identifier} without {@code prefix}, e.g. "cust id" for sbCustId. */
  static String words(String identifier, String prefix) {
    String lower = identifier.toLowerCase(Locale.ROOT);
    String rest =
        !prefix.isEmpty() && lower.startsWith(prefix) ? lower.substring(prefix.length()) : lower;
    rest = rest.replaceAll("^_+", "");
    if (prefix.isEmpty() || rest.contains("_")) {
      return rest.replace('_', ' ');
    }
    for (String ending : GLUED_ENDINGS) {
      if (rest.endsWith(ending) && rest.length() - ending.length() >= 2) {
        String head = rest.substring(0, rest.length() - ending.length());
        return (head.endsWith("date") ? head.substring(0, head.length() - 4) + " date" : head)
            + " "
            + ending;
      }
    }
    return rest;
  }

  /** Whether {@code word} is {@code noun} or an abbreviation of it ("cust" for customer). */
  static boolean abbreviates(String word, String noun) {
    return word.length() >= 3 && noun.startsWith(word) || word.equals(noun);
  }
}
