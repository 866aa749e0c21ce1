package com.sqm.ai;

import com.sqm.model.QueryTemplate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds the worked example whose question says nearly the same as the asked one. */
final class ExampleMatcher {
  /** Jaccard overlap of normalised words needed to reuse an example's SQL. */
  static final double THRESHOLD = 0.85;

  private ExampleMatcher() {}

  static Optional<QueryTemplate> match(String question, List<QueryTemplate> examples) {
    if (examples == null || examples.isEmpty()) {
      return Optional.empty();
    }
    Set<String> asked = normalised(question);
    QueryTemplate best = null;
    double bestScore = 0;
    for (QueryTemplate t : examples) {
      if (t.exampleQuestion() == null || t.sql() == null || t.sql().isBlank()) {
        continue;
      }
      double score = jaccard(asked, normalised(t.exampleQuestion()));
      if (score > bestScore) {
        best = t;
        bestScore = score;
      }
    }
    return bestScore >= THRESHOLD ? Optional.of(best) : Optional.empty();
  }

  // Grammar words go, but shape words and numbers stay: "top 5" and "top 10" must not match.
  private static Set<String> normalised(String text) {
    Set<String> out = new HashSet<>();
    for (String w : Words.split(text)) {
      if (!Words.STOP_WORDS.contains(w) || w.equals("by") || w.equals("per")) {
        out.add(Words.stem(w));
      }
    }
    return out;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    Set<String> either = new HashSet<>(a);
    either.addAll(b);
    return (double) both.size() / either.size();
  }
}
