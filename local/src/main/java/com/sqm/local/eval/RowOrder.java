package com.sqm.local.eval;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether row order is part of the answer: only when the question asks for an order (top,
 * ordered, sorted, ascending…) and the gold query has an ORDER BY of its own (not one inside a
 * subquery or window). Otherwise rows are compared as a multiset.
 */
public final class RowOrder {
  private static final Pattern ASKS_FOR_ORDER =
      Pattern.compile(
          "\\b(top|order|ordered|ordering|sort|sorted|sorting|arrange|arranged|ascending|descending"
              + "|(highest|lowest|largest|smallest|most|least) to (highest|lowest|largest|smallest"
              + "|most|least))\\b",
          Pattern.CASE_INSENSITIVE);

  private RowOrder() {}

  /** Whether the rows of {@code goldSql} must come in the same order to answer {@code question}. */
  public static boolean matters(String question, String goldSql) {
    return ASKS_FOR_ORDER.matcher(question).find() && hasOuterOrderBy(goldSql);
  }

  /** Whether {@code sql} has ORDER BY outside any parentheses and quoted text. */
  static boolean hasOuterOrderBy(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && lower.startsWith("order", i) && wordStart(lower, i)) {
        int j = i + "order".length();
        if (j < lower.length() && Character.isWhitespace(lower.charAt(j))) {
          while (j < lower.length() && Character.isWhitespace(lower.charAt(j))) {
            j++;
          }
          if (lower.startsWith("by", j) && !isWordChar(lower, j + 2)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean wordStart(String text, int i) {
    return i == 0 || !isWordChar(text, i - 1);
  }

  private static boolean isWordChar(String text, int i) {
    if (i >= text.length()) {
      return false;
    }
    char c = text.charAt(i);
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
