package com.sqm.ai.context;

import com.sqm.model.QueryTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the few-shot examples for a question: those of the same data source, the most similar
 * question first (TF-IDF weighted cosine of word stems), at most {@code k}.
 */
final class ExampleSelector {

  private record Scored(QueryTemplate example, double similarity, int position) {}

  List<QueryTemplate> select(
      String question, String dataSourceId, List<QueryTemplate> examples, int k) {
    if (examples == null || examples.isEmpty() || k <= 0) {
      return List.of();
    }
    List<QueryTemplate> usable = new ArrayList<>();
    for (QueryTemplate t : examples) {
      boolean sameSource = t.dataSourceId() == null || t.dataSourceId().equals(dataSourceId);
      if (sameSource && !isBlank(t.exampleQuestion()) && !isBlank(t.sql())) {
        usable.add(t);
      }
    }
    List<Map<String, Integer>> counts = new ArrayList<>();
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (QueryTemplate t : usable) {
      Map<String, Integer> c = termCounts(t.exampleQuestion());
      counts.add(c);
      c.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
    }
    int documents = usable.size() + 1;
    Map<String, Double> asked = weights(termCounts(question), documentFrequency, documents);
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      Map<String, Double> candidate = weights(counts.get(i), documentFrequency, documents);
      scored.add(new Scored(usable.get(i), cosine(asked, candidate), i));
    }
    // Ties keep the stored order (templates before approved history, as the store returns them).
    scored.sort(
        Comparator.comparingDouble(Scored::similarity)
            .reversed()
            .thenComparingInt(Scored::position));
    return scored.stream().limit(k).map(Scored::example).toList();
  }

  private static Map<String, Integer> termCounts(String text) {
    Map<String, Integer> out = new HashMap<>();
    for (String t : Tokens.of(text)) {
      out.merge(t, 1, Integer::sum);
    }
    return out;
  }

  private static Map<String, Double> weights(
      Map<String, Integer> counts, Map<String, Integer> documentFrequency, int documents) {
    Map<String, Double> out = new HashMap<>();
    counts.forEach(
        (term, n) -> {
          int df = documentFrequency.getOrDefault(term, 0) + 1;
          out.put(term, n * (1.0 + Math.log((double) documents / df)));
        });
    return out;
  }

  private static double cosine(Map<String, Double> a, Map<String, Double> b) {
    double dot = 0;
    for (Map.Entry<String, Double> e : a.entrySet()) {
      Double other = b.get(e.getKey());
      if (other != null) {
        dot += e.getValue() * other;
      }
    }
    double norms = norm(a) * norm(b);
    return norms == 0 ? 0 : dot / norms;
  }

  private static double norm(Map<String, Double> v) {
    double sum = 0;
    for (double x : v.values()) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
