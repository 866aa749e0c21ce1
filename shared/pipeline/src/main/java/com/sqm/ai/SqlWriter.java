package com.sqm.ai;

import static com.sqm.schema.SqlIdentifiers.literal;
import static com.sqm.schema.SqlIdentifiers.quote;

import com.sqm.ai.QueryPlan.Aggregate;
import com.sqm.ai.QueryPlan.PatternFilter;
import com.sqm.ai.QueryPlan.ValueFilter;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.Edge;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import com.sqm.schema.SqlIdentifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes one PostgreSQL SELECT for a {@link QueryPlan}, joining tables along foreign keys. */
final class SqlWriter {
  private final SchemaVocabulary vocab;
  private final QueryPlan plan;
  private final Map<TableInfo, String> aliases = new LinkedHashMap<>();
  private List<Edge> joins;

  private SqlWriter(SchemaVocabulary vocab, QueryPlan plan) {
    this.vocab = vocab;
    this.plan = plan;
  }

  static String write(SchemaVocabulary vocab, QueryPlan plan) {
    return new SqlWriter(vocab, plan).write();
  }

  /** Tables the query reads, root first. */
  static List<String> tables(SchemaVocabulary vocab, QueryPlan plan) {
    SqlWriter w = new SqlWriter(vocab, plan);
    w.planJoins();
    return w.aliases.keySet().stream().map(TableInfo::name).toList();
  }

  /** Output name of the aggregate column, e.g. total_line_total or number_of_customers. */
  static String valueName(QueryPlan plan) {
    ColumnInfo m = plan.measure();
    if (plan.ratioDenominator() != null) {
      return "ratio_of_"
          + m.name().toLowerCase(Locale.ROOT)
          + "_to_"
          + plan.ratioDenominator().name().toLowerCase(Locale.ROOT);
    }
    if (plan.aggregate() == Aggregate.COUNT || m == null) {
      return plan.distinctCount() && m != null
          ? "distinct_" + m.name().toLowerCase(Locale.ROOT) + "_count"
          : "number_of_" + plan.subject().name().toLowerCase(Locale.ROOT);
    }
    String col = m.name().toLowerCase(Locale.ROOT);
    return switch (plan.aggregate()) {
      case SUM -> col.startsWith("total") ? col : "total_" + col;
      case AVG -> "average_" + col;
      case MIN -> "lowest_" + col;
      case MAX -> "highest_" + col;
      case COUNT -> throw new IllegalStateException();
    };
  }

  private void planJoins() {
    TableInfo root =
        plan.measure() != null
            ? plan.measure().table
            : plan.subject() != null ? plan.subject() : plan.group().table();
    List<TableInfo> needed = new ArrayList<>();
    if (plan.subject() != null) {
      needed.add(plan.subject());
    }
    if (plan.group() != null) {
      needed.add(plan.group().table());
    }
    plan.filters().forEach(f -> needed.add(f.column().table));
    plan.share().forEach(f -> needed.add(f.column().table));
    plan.patterns().forEach(p -> needed.add(p.column().table));
    if (plan.dateColumn() != null) {
      needed.add(plan.dateColumn().table);
    }
    joins = vocab.joinTree(root, needed);
    if (joins == null) {
      throw new SqmException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          "The tables the question needs ("
              + String.join(", ", needed.stream().map(TableInfo::name).distinct().toList())
              + ") are not connected by foreign keys to "
              + root.name()
              + ".");
    }
    alias(root);
    joins.forEach(e -> alias(e.to()));
  }

  private String write() {
    planJoins();
    List<String> select = new ArrayList<>();
    List<String> groupBy = new ArrayList<>();
    String orderBy = null;
    // What breaks ties under a sort the question asks for: the row key or first dimension.
    String tieBreaker = null;
    String value = valueExpression();
    String valueName = quote(valueName(plan));
    boolean rowLevel =
        plan.type() == QueryType.TOP_N
            && plan.group().column() == null
            && plan.measure() != null
            && plan.measure().table == plan.group().table()
            && plan.aggregate() != Aggregate.COUNT;
    String direction = plan.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST";
    switch (plan.type()) {
      case LIST -> {
        TableInfo t = plan.subject();
        t.columns.forEach(c -> select.add(col(c)));
        orderBy = t.primaryKey().map(this::col).orElse(null);
        tieBreaker = orderBy;
        if (plan.newestFirst() != null) {
          String byDate =
              col(plan.dateColumn())
                  + (plan.newestFirst() ? " DESC NULLS LAST" : " ASC NULLS LAST");
          orderBy = orderBy == null ? byDate : byDate + ", " + orderBy;
        }
      }
      case COUNT, AGGREGATE -> {
        if (!plan.share().isEmpty()) {
          String part =
              value + " FILTER (WHERE " + String.join(" AND ", conditions(plan.share())) + ")";
          select.add("ROUND(100.0 * " + part + " / NULLIF(" + value + ", 0), 2) AS share_pct");
          select.add(part + " AS " + quote("part_" + valueName(plan)));
          select.add(value + " AS " + valueName);
        } else if (plan.comparedTime() != null) {
          select.addAll(clauses().comparedValues(value));
        } else {
          select.add(value + " AS " + valueName);
          select.addAll(clauses().extraValues(valueName));
        }
      }
      case TIME_SERIES -> {
        String bucket = "date_trunc('" + plan.grain() + "', " + col(plan.dateColumn()) + ")::date";
        select.add(bucket + " AS " + quote(plan.grain()));
        select.add(value + " AS " + valueName);
        select.addAll(clauses().extraValues(valueName));
        groupBy.add(bucket);
        orderBy = bucket;
        tieBreaker = bucket;
      }
      case TOP_N, GROUPED_AGGREGATE -> {
        List<String> dims = groupColumns();
        select.addAll(dims);
        tieBreaker = dims.get(0);
        if (rowLevel) {
          select.add(col(plan.measure()));
          orderBy = col(plan.measure()) + direction + ", " + dims.get(0);
        } else if (plan.comparedTime() != null) {
          select.addAll(clauses().comparedValues(value));
          groupBy.addAll(dims);
          orderBy = dims.get(0);
        } else {
          select.add(value + " AS " + valueName);
          select.addAll(clauses().extraValues(valueName));
          groupBy.addAll(dims);
          if ((plan.type() == QueryType.TOP_N || plan.shareOfTotal())
              && (plan.aggregate() == Aggregate.SUM || plan.aggregate() == Aggregate.COUNT)) {
            select.add(
                "ROUND(100.0 * "
                    + value
                    + " / NULLIF(SUM("
                    + value
                    + ") OVER (), 0), 1) AS share_of_total_pct");
          }
          orderBy =
              valueName
                  + (plan.type() == QueryType.TOP_N ? direction : " DESC NULLS LAST")
                  + ", "
                  + dims.get(0);
        }
      }
      default -> throw new IllegalStateException("no SQL for " + plan.type());
    }
    if (plan.orderBy() != null && plan.type() != QueryType.TOP_N) {
      orderBy = requestedOrder(valueName, orderBy, tieBreaker);
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    if (plan.type() == QueryType.LIST && !joins.isEmpty()) {
      sql.append("DISTINCT ");
    }
    sql.append(String.join(", ", select));
    sql.append(" FROM ").append(from());
    List<String> where = where();
    if (!where.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where));
    }
    if (!groupBy.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", groupBy));
    }
    if (orderBy != null) {
      sql.append(" ORDER BY ").append(orderBy);
    }
    if (plan.limit() != null) {
      sql.append(" LIMIT ").append(plan.limit());
    }
    return sql.toString();
  }

  /** The sort the question asked for, with the shape's own order as the tie-breaker. */
  private String requestedOrder(String valueName, String shapeOrder, String tieBreaker) {
    QueryPlan.OrderBy o = plan.orderBy();
    if (o.column() == null
        && (plan.type() == QueryType.COUNT || plan.type() == QueryType.AGGREGATE)) {
      // One row: nothing to sort.
      return shapeOrder;
    }
    String by = o.column() == null ? valueName : col(o.column());
    String key = by + (o.descending() ? " DESC NULLS LAST" : " ASC NULLS LAST");
    return tieBreaker == null || tieBreaker.equals(by) ? key : key + ", " + tieBreaker;
  }

  private String valueExpression() {
    ColumnInfo m = plan.measure();
    Aggregate a = plan.aggregate() == null ? Aggregate.COUNT : plan.aggregate();
    if (plan.ratioDenominator() != null && plan.ratioPerRow()) {
      return "AVG(" + col(m) + "::float / NULLIF(" + col(plan.ratioDenominator()) + ", 0))";
    }
    if (plan.ratioDenominator() != null) {
      String agg = a == Aggregate.COUNT ? "SUM" : a.name();
      return agg
          + "("
          + col(m)
          + ")::float / NULLIF("
          + agg
          + "("
          + col(plan.ratioDenominator())
          + "), 0)";
    }
    if (a == Aggregate.COUNT) {
      if (m != null && plan.distinctCount()) {
        return "COUNT(DISTINCT " + col(m) + ")";
      }
      if (!joins.isEmpty() && plan.subject().primaryKey().isPresent()) {
        return "COUNT(DISTINCT " + col(plan.subject().primaryKey().get()) + ")";
      }
      return "COUNT(*)";
    }
    return switch (a) {
      case SUM -> "SUM(" + col(m) + ")";
      case AVG -> "AVG(" + col(m) + ")";
      case MIN -> "MIN(" + col(m) + ")";
      case MAX -> "MAX(" + col(m) + ")";
      case COUNT -> throw new IllegalStateException();
    };
  }

  private List<String> groupColumns() {
    List<String> dims = new ArrayList<>();
    if (plan.group().column() != null) {
      dims.add(col(plan.group().column()));
    } else {
      TableInfo t = plan.group().table();
      t.primaryKey().ifPresent(pk -> dims.add(col(pk)));
      t.labelColumns().forEach(c -> dims.add(col(c)));
    }
    plan.group().shown().stream().map(this::col).filter(c -> !dims.contains(c)).forEach(dims::add);
    TableInfo t = plan.group().table();
    if (dims.isEmpty()) {
      throw new SqmException(
          ErrorCode.QUESTION_NOT_ANSWERABLE,
          "Table " + t.name() + " has no key or name column to group by.");
    }
    return dims;
  }

  private String from() {
    StringBuilder sb = new StringBuilder();
    TableInfo root = aliases.keySet().iterator().next();
    sb.append(table(root));
    for (Edge e : joins) {
      sb.append(" JOIN ").append(table(e.to())).append(" ON ");
      List<String> on = new ArrayList<>();
      for (int i = 0; i < e.fromColumns().size(); i++) {
        on.add(
            aliases.get(e.to())
                + "."
                + quote(e.toColumns().get(i))
                + " = "
                + aliases.get(e.from())
                + "."
                + quote(e.fromColumns().get(i)));
      }
      sb.append(String.join(" AND ", on));
    }
    return sb.toString();
  }

  private List<String> where() {
    List<String> where = new ArrayList<>(conditions(plan.filters()));
    for (PatternFilter p : plan.patterns()) {
      where.add(
          p.condition() != null
              ? p.condition().replace("{col}", col(p.column()))
              : col(p.column()) + " ILIKE " + literal(p.pattern()));
    }
    if (plan.time() != null && plan.comparedTime() != null) {
      String date = col(plan.dateColumn());
      where.add("((" + plan.time().sql(date) + ") OR (" + plan.comparedTime().sql(date) + "))");
    } else if (plan.time() != null) {
      where.add(plan.time().sql(col(plan.dateColumn())));
    }
    if (plan.absent() != null) {
      where.add(clauses().notExists());
    }
    return where;
  }

  private List<String> conditions(List<ValueFilter> filters) {
    List<String> out = new ArrayList<>();
    for (ValueFilter f : filters) {
      String values = String.join(", ", f.values().stream().map(SqlIdentifiers::literal).toList());
      if (f.values().size() == 1) {
        out.add(col(f.column()) + (f.negated() ? " <> " : " = ") + values);
      } else {
        out.add(col(f.column()) + (f.negated() ? " NOT IN (" : " IN (") + values + ")");
      }
    }
    return out;
  }

  private ClauseWriter clauses() {
    return new ClauseWriter(vocab, plan, aliases, !joins.isEmpty());
  }

  private String table(TableInfo t) {
    return SqlIdentifiers.qualified(t.table.schema(), t.name()) + " " + aliases.get(t);
  }

  private String col(ColumnInfo c) {
    return aliases.get(c.table) + "." + quote(c.name());
  }

  private void alias(TableInfo t) {
    if (aliases.containsKey(t)) {
      return;
    }
    StringBuilder initials = new StringBuilder();
    for (String part : t.name().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!part.isEmpty() && Character.isLetter(part.charAt(0))) {
        initials.append(part.charAt(0));
      }
    }
    String base = initials.isEmpty() ? "t" : initials.toString();
    String alias = base;
    for (int n = 2; aliases.containsValue(alias) || !quote(alias).equals(alias); n++) {
      alias = base + n;
    }
    aliases.put(t, alias);
  }
}
