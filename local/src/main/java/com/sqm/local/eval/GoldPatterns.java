package com.sqm.local.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Expands a gold query pattern into the plain queries it stands for: {@code ;} separates
 * alternatives, and {@code {t.a, t.b}} stands for every non-empty subset of its columns (in their
 * written order), with each later {@code {}} (as in {@code GROUP BY {}}) repeating the choice made
 * for the group before it. Semicolons and braces inside quoted text are left alone.
 */
public final class GoldPatterns {
  /** Above this many expansions of one alternative the pattern is refused as malformed. */
  static final int MAX_EXPANSIONS = 4_096;

  private GoldPatterns() {}

  /** The distinct plain queries of {@code pattern}, alternatives first to last. */
  public static List<String> expand(String pattern) {
    Set<String> queries = new LinkedHashSet<>();
    for (String alternative : alternatives(pattern)) {
      queries.addAll(expandAlternative(alternative));
    }
    return List.copyOf(queries);
  }

  /** The {@code ;}-separated parts of {@code pattern}, trimmed, empty ones dropped. */
  static List<String> alternatives(String pattern) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ';') {
        add(parts, current);
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    add(parts, current);
    return parts;
  }

  private static void add(List<String> parts, StringBuilder part) {
    String text = part.toString().strip();
    if (!text.isEmpty()) {
      parts.add(text);
    }
  }

  private static List<String> expandAlternative(String query) {
    List<Segment> segments = segments(query);
    // each partial query with the column choice of the last group written into it (null: none yet)
    List<StringBuilder> results = new ArrayList<>(List.of(new StringBuilder()));
    List<List<String>> choicesPerResult = new ArrayList<>();
    choicesPerResult.add(null);
    for (Segment segment : segments) {
      if (segment.columns() == null) {
        results.forEach(r -> r.append(segment.text()));
        continue;
      }
      if (segment.columns().isEmpty()) {
        for (int i = 0; i < results.size(); i++) {
          List<String> choice = choicesPerResult.get(i);
          if (choice == null) {
            throw new IllegalArgumentException("{} without a column group before it: " + query);
          }
          results.get(i).append(String.join(", ", choice));
        }
        continue;
      }
      List<List<String>> subsets = subsets(segment.columns());
      if ((long) results.size() * subsets.size() > MAX_EXPANSIONS) {
        throw new IllegalArgumentException("gold pattern expands to too many queries: " + query);
      }
      List<StringBuilder> next = new ArrayList<>();
      List<List<String>> nextChoices = new ArrayList<>();
      for (StringBuilder prefix : results) {
        for (List<String> subset : subsets) {
          next.add(new StringBuilder(prefix).append(String.join(", ", subset)));
          nextChoices.add(subset);
        }
      }
      results = next;
      choicesPerResult = nextChoices;
    }
    return results.stream().map(StringBuilder::toString).toList();
  }

  /** Non-empty subsets of {@code columns}, each in written order, smallest first. */
  static List<List<String>> subsets(List<String> columns) {
    int n = columns.size();
    if (n > 12) {
      throw new IllegalArgumentException("too many columns in one group: " + columns);
    }
    List<List<String>> subsets = new ArrayList<>();
    for (int size = 1; size <= n; size++) {
      for (int mask = 1; mask < (1 << n); mask++) {
        if (Integer.bitCount(mask) != size) {
          continue;
        }
        List<String> subset = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            subset.add(columns.get(i));
          }
        }
        subsets.add(List.copyOf(subset));
      }
    }
    return subsets;
  }

  /** Plain text (columns null), a column group, or {@code {}} (columns empty). */
  private record Segment(String text, List<String> columns) {}

  private static List<Segment> segments(String query) {
    List<Segment> segments = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    char quote = 0;
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        int end = query.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed { in gold query: " + query);
        }
        segments.add(new Segment(text.toString(), null));
        text.setLength(0);
        segments.add(new Segment(null, columns(query.substring(i + 1, end))));
        i = end + 1;
        continue;
      }
      text.append(c);
      i++;
    }
    segments.add(new Segment(text.toString(), null));
    return segments;
  }

  private static List<String> columns(String group) {
    List<String> columns = new ArrayList<>();
    for (String column : group.split(",")) {
      if (!column.isBlank()) {
        columns.add(column.strip());
      }
    }
    return List.copyOf(columns);
  }
}
