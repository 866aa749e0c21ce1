package com.sqm.ai;

import static com.sqm.schema.SqlIdentifiers.quote;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.Edge;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.schema.SqlIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the parts of a SELECT that qualifiers add: the values of two compared periods, further
 * values asked for, and the NOT EXISTS of a negation; for {@link SqlWriter}, with its aliases.
 */
final class ClauseWriter {
  private final SchemaVocabulary vocab;
  private final QueryPlan plan;
  private final Map<TableInfo, String> aliases;
  private final boolean joined;

  ClauseWriter(
      SchemaVocabulary vocab, QueryPlan plan, Map<TableInfo, String> aliases, boolean joined) {
    this.vocab = vocab;
    this.plan = plan;
    this.aliases = aliases;
    this.joined = joined;
  }

  /** The further values the question asks for, each named like the main one. */
  List<String> extraValues(String mainName) {
    List<String> out = new ArrayList<>();
    for (QueryPlan.ExtraValue v : plan.extraValues()) {
      String expr;
      String name;
      if (v.aggregate() == Aggregate.COUNT) {
        expr =
            v.counted().primaryKey().isPresent() && joined
                ? "COUNT(DISTINCT " + col(v.counted().primaryKey().get()) + ")"
                : "COUNT(*)";
        name = "number_of_" + v.counted().name().toLowerCase(Locale.ROOT);
      } else {
        String c = v.measure().name().toLowerCase(Locale.ROOT);
        expr =
            v.aggregate() == Aggregate.AVG
                ? "AVG(" + col(v.measure()) + ")"
                : v.aggregate() + "(" + col(v.measure()) + ")";
        name =
            v.aggregate() == Aggregate.AVG
                ? "average_" + c
                : c.startsWith("total") ? c : "total_" + c;
      }
      if (!quote(name).equals(mainName)) {
        out.add(expr + " AS " + quote(name));
      }
    }
    return out;
  }

  /** The value in the asked period and in the one before it, and the change between them. */
  List<String> comparedValues(String value) {
    String date = col(plan.dateColumn());
    String current = value + " FILTER (WHERE " + plan.time().sql(date) + ")";
    String previous = value + " FILTER (WHERE " + plan.comparedTime().sql(date) + ")";
    String name = SqlWriter.valueName(plan);
    return List.of(
        current + " AS " + quote(name + "_" + slug(plan.time().description())),
        previous + " AS " + quote(name + "_previous_" + plan.comparedTime().unit()),
        "ROUND(100.0 * ("
            + current
            + " - "
            + previous
            + ") / NULLIF("
            + previous
            + ", 0), 1) AS change_pct");
  }

  private static String slug(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  /**
   * Rows of the subject with no related row in the absent table, along the foreign-key path between
   * them: "customers who never placed an order".
   */
  String notExists() {
    List<Edge> path = vocab.path(plan.subject(), plan.absent());
    StringBuilder sb = new StringBuilder("NOT EXISTS (SELECT 1 FROM ");
    List<String> on = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      Edge e = path.get(i);
      String alias = "x" + (i + 1);
      sb.append(i == 0 ? "" : " JOIN ")
          .append(SqlIdentifiers.qualified(e.to().table.schema(), e.to().name()))
          .append(' ')
          .append(alias);
      String from = i == 0 ? aliases.get(plan.subject()) : "x" + i;
      List<String> link = new ArrayList<>();
      for (int k = 0; k < e.fromColumns().size(); k++) {
        link.add(
            alias
                + "."
                + quote(e.toColumns().get(k))
                + " = "
                + from
                + "."
                + quote(e.fromColumns().get(k)));
      }
      if (i == 0) {
        on.addAll(link);
      } else {
        sb.append(" ON ").append(String.join(" AND ", link));
      }
    }
    return sb.append(" WHERE ").append(String.join(" AND ", on)).append(')').toString();
  }

  private String col(ColumnInfo c) {
    return aliases.get(c.table) + "." + quote(c.name());
  }
}
