package com.sqm.ai.context;

import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Orders a schema's tables by how relevant they are to a question: question words matched against
 * table names, column names, comments and sample values (rarer words count more), then the tables
 * the best matches join to by foreign key, so a join path is in view; unrelated tables come last.
 */
final class SchemaRanker {
  /** How many best-matching tables bring their foreign-key neighbours forward. */
  static final int SEEDS = 5;

  private static final double NAME_WEIGHT = 3.0;
  private static final double COLUMN_WEIGHT = 2.0;
  private static final double VALUE_WEIGHT = 1.5;
  private static final double COMMENT_WEIGHT = 1.0;

  /** A table and its relevance score (0 when no question word matched). */
  record Ranked(Table table, double score) {}

  List<Ranked> rank(String query, List<Table> tables) {
    Set<String> asked = new LinkedHashSet<>(Tokens.of(query));
    List<Map<String, Double>> terms = new ArrayList<>(tables.size());
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (Table table : tables) {
      Map<String, Double> t = terms(table);
      terms.add(t);
      for (String term : t.keySet()) {
        if (asked.contains(term)) {
          documentFrequency.merge(term, 1, Integer::sum);
        }
      }
    }
    List<Ranked> scored = new ArrayList<>(tables.size());
    for (int i = 0; i < tables.size(); i++) {
      double score = 0;
      for (String word : asked) {
        Double weight = terms.get(i).get(word);
        if (weight != null) {
          // A word every table has ("id", "name") says little about which table is meant.
          score += weight * Math.log(1.0 + (double) tables.size() / documentFrequency.get(word));
        }
      }
      // "orders" names all of table orders but half of order_items: the whole name wins a tie.
      List<String> nameWords = Tokens.of(tables.get(i).name());
      if (score > 0 && !nameWords.isEmpty()) {
        long covered = nameWords.stream().filter(asked::contains).count();
        score += NAME_WEIGHT * covered / nameWords.size();
      }
      scored.add(new Ranked(tables.get(i), score));
    }
    scored.sort(
        Comparator.comparingDouble(Ranked::score)
            .reversed()
            .thenComparing(r -> r.table().qualifiedName()));
    return withNeighbours(scored);
  }

  /** Seeds first, then their foreign-key neighbours, then the other matches, then the rest. */
  private static List<Ranked> withNeighbours(List<Ranked> scored) {
    Map<String, Ranked> byName = new HashMap<>();
    Map<String, List<Ranked>> referencedBy = new HashMap<>();
    for (Ranked r : scored) {
      byName.put(key(r.table().schema(), r.table().name()), r);
    }
    for (Ranked r : scored) {
      for (ForeignKey fk : foreignKeys(r.table())) {
        referencedBy
            .computeIfAbsent(
                key(fk.referencedSchema(), fk.referencedTable()), k -> new ArrayList<>())
            .add(r);
      }
    }
    // Identity, not record equality: hashing whole tables with their sample values is slow.
    Set<Ranked> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Ranked> ordered = new ArrayList<>(scored.size());
    List<Ranked> seeds = scored.stream().filter(r -> r.score() > 0).limit(SEEDS).toList();
    addNew(seeds, seen, ordered);
    List<Ranked> neighbours = new ArrayList<>();
    for (Ranked seed : seeds) {
      for (ForeignKey fk : foreignKeys(seed.table())) {
        Ranked target = byName.get(key(fk.referencedSchema(), fk.referencedTable()));
        if (target != null) {
          neighbours.add(target);
        }
      }
      neighbours.addAll(
          referencedBy.getOrDefault(key(seed.table().schema(), seed.table().name()), List.of()));
    }
    neighbours.sort(
        Comparator.comparingDouble(Ranked::score)
            .reversed()
            .thenComparing(r -> r.table().qualifiedName()));
    addNew(neighbours, seen, ordered);
    addNew(scored, seen, ordered);
    return List.copyOf(ordered);
  }

  private static void addNew(List<Ranked> candidates, Set<Ranked> seen, List<Ranked> ordered) {
    for (Ranked r : candidates) {
      if (seen.add(r)) {
        ordered.add(r);
      }
    }
  }

  private static Map<String, Double> terms(Table table) {
    Map<String, Double> out = new HashMap<>();
    put(out, Tokens.of(table.name()), NAME_WEIGHT);
    put(out, Tokens.of(table.comment()), COMMENT_WEIGHT);
    for (Column c : table.columns() == null ? List.<Column>of() : table.columns()) {
      put(out, Tokens.of(c.name()), COLUMN_WEIGHT);
      put(out, Tokens.of(c.comment()), COMMENT_WEIGHT);
      if (c.sampleValues() != null) {
        for (String value : c.sampleValues()) {
          put(out, Tokens.of(value), VALUE_WEIGHT);
        }
      }
    }
    return out;
  }

  private static void put(Map<String, Double> out, Collection<String> words, double weight) {
    for (String w : words) {
      out.merge(w, weight, Math::max);
    }
  }

  private static List<ForeignKey> foreignKeys(Table table) {
    return table.foreignKeys() == null ? List.of() : table.foreignKeys();
  }

  private static String key(String schema, String name) {
    return (schema == null ? "" : schema.toLowerCase(Locale.ROOT))
        + "."
        + (name == null ? "" : name.toLowerCase(Locale.ROOT));
  }
}
