package com.sqm.ai;

import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.Edge;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Joins a schema names but does not declare as foreign keys: many schemas have no constraints, yet
 * {@code business_id} or {@code sbTxCustId} say plainly which table they refer to.
 */
final class InferredJoins {
  private InferredJoins() {}

  /** Adds the inferred joins to {@code edges}, both ways; declared ones win. */
  static void infer(List<TableInfo> tables, Map<TableInfo, List<Edge>> edges) {
    inferReferences(tables, edges);
    inferAbbreviatedReferences(tables, edges);
  }

  /**
   * Joins a schema does not declare but names: a column such as {@code business_id} or {@code
   * airline_code} belongs to the table named by its first word ({@code business}, {@code airline}),
   * and the same column in another table refers to it. Declared foreign keys win.
   */
  private static void inferReferences(List<TableInfo> tables, Map<TableInfo, List<Edge>> edges) {
    for (TableInfo parent : tables) {
      for (ColumnInfo pc : parent.columns) {
        if (!namesOwnTable(parent, pc)) {
          continue;
        }
        for (TableInfo child : tables) {
          if (child == parent || edges.get(child).stream().anyMatch(e -> e.to() == parent)) {
            continue;
          }
          for (ColumnInfo cc : child.columns) {
            if (cc.name().equalsIgnoreCase(pc.name()) && cc.kind == pc.kind) {
              edges.get(child).add(new Edge(child, parent, List.of(cc.name()), List.of(pc.name())));
              edges
                  .get(parent)
                  .add(new Edge(parent, child, List.of(pc.name()), List.of(cc.name())));
              break;
            }
          }
        }
      }
    }
  }

  /**
   * Joins named by a prefixed schema: "cust id" in transactions refers to the key of the table
   * whose noun it abbreviates (customer), when that table has a declared single-column key.
   */
  private static void inferAbbreviatedReferences(
      List<TableInfo> tables, Map<TableInfo, List<Edge>> edges) {
    for (TableInfo child : tables) {
      for (ColumnInfo cc : child.columns) {
        String[] parts = cc.words.split(" ");
        if (parts.length != 2 || !parts[1].equals("id") || cc.column.primaryKey()) {
          continue;
        }
        for (TableInfo parent : tables) {
          Optional<ColumnInfo> pk =
              parent.columns.stream().filter(c -> c.column.primaryKey()).findFirst();
          boolean linked = edges.get(child).stream().anyMatch(e -> e.to() == parent);
          if (parent != child
              && !linked
              && pk.isPresent()
              && pk.get().kind == cc.kind
              && IdentifierWords.abbreviates(parts[0], parent.noun())) {
            edges
                .get(child)
                .add(new Edge(child, parent, List.of(cc.name()), List.of(pk.get().name())));
            edges
                .get(parent)
                .add(new Edge(parent, child, List.of(pk.get().name()), List.of(cc.name())));
            break;
          }
        }
      }
    }
  }

  static boolean namesOwnTable(TableInfo table, ColumnInfo column) {
    String[] parts = column.words.split("[ _]");
    if (parts.length < 2 || !IDENTIFIER_WORDS.contains(parts[parts.length - 1])) {
      return false;
    }
    String head = String.join("", Arrays.copyOf(parts, parts.length - 1));
    String tableName = table.words.replace(" ", "");
    return Words.stem(head).equals(Words.stem(tableName)) || Words.stem(head).equals(table.noun());
  }

  private static final Set<String> IDENTIFIER_WORDS = Set.of("id", "code", "key", "no", "number");
}
