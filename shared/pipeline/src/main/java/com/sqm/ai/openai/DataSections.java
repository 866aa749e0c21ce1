package com.sqm.ai.openai;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Delimits untrusted text (questions, instructions, schema comments, sample values, result rows,
 * database errors) in a prompt: each piece goes between its own tags, and anything inside that
 * looks like one of those tags is defused, so the text cannot close its section and speak as the
 * prompt.
 */
final class DataSections {
  static final List<String> TAGS =
      List.of(
          "question",
          "instructions",
          "schema",
          "examples",
          "example",
          "previous_query",
          "failed_attempt",
          "analysis",
          "sql",
          "result");

  private static final Pattern TAG_LIKE =
      Pattern.compile("<\\s*(/?)\\s*(" + String.join("|", TAGS) + ")\\b", Pattern.CASE_INSENSITIVE);

  private DataSections() {}

  /** {@code text} between {@code <tag>} and {@code </tag>}, on lines of their own. */
  static String section(String tag, String text) {
    return wrap(tag, defuse(text));
  }

  /** Text already defused (sections made by {@link #section}) between the tags of {@code tag}. */
  static String wrap(String tag, String safeText) {
    if (!TAGS.contains(tag)) {
      throw new IllegalArgumentException("unknown data section " + tag);
    }
    return "<" + tag + ">\n" + safeText.strip() + "\n</" + tag + ">\n";
  }

  /** The text with every tag-like {@code <name} or {@code </name} of ours made harmless. */
  static String defuse(String text) {
    if (text == null) {
      return "";
    }
    return TAG_LIKE.matcher(text).replaceAll("‹$1$2");
  }
}
