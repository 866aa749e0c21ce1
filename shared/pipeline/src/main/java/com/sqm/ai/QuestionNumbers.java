package com.sqm.ai;

import java.util.Map;

/** Small counts written as digits or words ("5", "five"). */
final class QuestionNumbers {
  private static final Map<String, Integer> WORDS =
      Map.ofEntries(
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("twelve", 12),
          Map.entry("fifteen", 15),
          Map.entry("twenty", 20),
          Map.entry("fifty", 50),
          Map.entry("hundred", 100));

  private QuestionNumbers() {}

  /** The number {@code word} stands for, or null; years (four digits from 1900) are not counts. */
  static Integer parse(String word) {
    if (word.matches("\\d{1,4}")) {
      int n = Integer.parseInt(word);
      return n >= 1900 ? null : n;
    }
    return WORDS.get(word);
  }
}
