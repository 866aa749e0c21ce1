package com.sqm.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of one question (lower-cased, stemmed and as written) and which of them the planner has
 * already consumed: the ledger every token of the question must be accounted in.
 */
final class QuestionTokens {
  final List<String> words;
  final List<String> stems;

  /** The words with their original case, for literals such as a "starts with" prefix. */
  final List<String> original;

  /** The question as the words were split from it, for phrases whose punctuation matters. */
  final String text;

  private static final Set<String> OUTPUT_VERBS =
      Set.of("return", "show", "showing", "include", "including", "display", "give");

  private final boolean[] used;

  /** A quoted literal: where its words are and its text as written. */
  record Quoted(int start, int length, String text) {}

  // "Downtown", 'Utility Company', `VTI`: an apostrophe inside a word is not a quote.
  private static final Pattern QUOTED =
      Pattern.compile(
          "\"([^\"]{1,80})\"|\u201c([^\u201d]{1,80})\u201d|`([^`]{1,80})`"
              + "|(?<![A-Za-z])'([^']{1,80})'(?![A-Za-z])");

  /** The quoted literals of the question, located among its words. */
  final List<Quoted> quoted;

  QuestionTokens(String text) {
    // "the no. of students" is a number, not a negation.
    String question = text == null ? null : text.replaceAll("(?i)\\bno\\.(?=\\s)", "number");
    this.text = question == null ? "" : question;
    this.words = Words.split(question);
    this.stems = words.stream().map(Words::stem).toList();
    this.original = originalCase(question, words.size());
    this.used = new boolean[words.size()];
    this.quoted = quoted(question);
  }

  private List<Quoted> quoted(String question) {
    List<Quoted> out = new ArrayList<>();
    if (question == null) {
      return out;
    }
    Matcher m = QUOTED.matcher(question);
    int from = 0;
    while (m.find()) {
      String text = null;
      for (int g = 1; g <= 4 && text == null; g++) {
        text = m.group(g);
      }
      List<String> inner = Words.split(text);
      for (int i = from; !inner.isEmpty() && i + inner.size() <= words.size(); i++) {
        if (words.subList(i, i + inner.size()).equals(inner)) {
          out.add(new Quoted(i, inner.size(), text.strip()));
          from = i + inner.size();
          break;
        }
      }
    }
    return out;
  }

  /** The index of the word starting at character {@code offset} of {@link #text}. */
  int wordAt(int offset) {
    return Words.split(text.substring(0, offset)).size();
  }

  int size() {
    return words.size();
  }

  String word(int i) {
    return words.get(i);
  }

  String stem(int i) {
    return stems.get(i);
  }

  boolean is(int i, String word) {
    return i >= 0 && i < words.size() && words.get(i).equals(word);
  }

  boolean used(int i) {
    return used[i];
  }

  /** Marks words {@code from}..{@code to} (inclusive) as consumed. */
  void mark(int from, int to) {
    for (int i = from; i <= to; i++) {
      used[i] = true;
    }
  }

  void mark(int i) {
    used[i] = true;
  }

  /** Gives a word back: it was held for a phrase that did not need it. */
  void unmark(int i) {
    used[i] = false;
  }

  boolean[] usedArray() {
    return used;
  }

  /**
   * Where a later sentence listing what to show starts ("... ? Return the name and ..."), or the
   * number of words when there is none.
   */
  int outputClauseStart() {
    for (int i = 1; i < words.size(); i++) {
      if (OUTPUT_VERBS.contains(words.get(i))) {
        return i;
      }
    }
    return words.size();
  }

  /** Not yet consumed, not a grammar word and not a number: a word that should name data. */
  boolean isContent(int i) {
    String w = words.get(i);
    return !used[i]
        && !Words.STOP_WORDS.contains(w)
        && !Words.SHAPE_WORDS.contains(w)
        && QuestionNumbers.parse(w) == null;
  }

  private static List<String> originalCase(String question, int expected) {
    List<String> out = new ArrayList<>();
    if (question == null) {
      return out;
    }
    String text = question.replace('\u2019', '\'').replaceAll("(?i)'s\\b", "");
    for (String w : text.split("[^A-Za-z0-9]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    // Should the two splits ever disagree (letters that change length when lower-cased), the
    // lower-cased words stand in for the original ones.
    if (out.size() != expected) {
      out.clear();
      out.addAll(Words.split(question));
    }
    return List.copyOf(out);
  }
}
