package com.sqm.ai;

import com.sqm.schema.SchemaSnapshot;
import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words a schema answers to (table and column names and comments, stemmed) and the graph of its
 * foreign keys: what the offline engine matches a question against.
 */
final class SchemaVocabulary {
  enum Kind {
    NUMBER,
    TEXT,
    DATE,
    BOOLEAN,
    OTHER
  }

  /** A table and the stems of its name and comment. */
  static final class TableInfo {
    final Table table;
    final Set<String> nameStems;
    final Set<String> commentStems;
    final List<ColumnInfo> columns = new ArrayList<>();

    TableInfo(Table table) {
      this.table = table;
      // Both the parts and the whole: "order_items" answers to "order", "item" and "orderitem".
      Set<String> names = new LinkedHashSet<>(Words.contentStems(table.name().replace('_', ' ')));
      names.add(Words.stem(table.name().toLowerCase(Locale.ROOT).replace("_", "")));
      this.nameStems = Set.copyOf(names);
      this.commentStems = Words.contentStems(table.comment());
    }

    String name() {
      return table.name();
    }

    Optional<ColumnInfo> primaryKey() {
      List<ColumnInfo> pk = columns.stream().filter(c -> c.column.primaryKey()).toList();
      return pk.size() == 1 ? Optional.of(pk.get(0)) : Optional.empty();
    }

    /**
     * Columns that name a row for a reader: "name", "*_name", "title"; else the first plain text
     * column.
     */
    List<ColumnInfo> labelColumns() {
      List<ColumnInfo> named =
          columns.stream()
              .filter(c -> c.kind == Kind.TEXT && !c.key)
              .filter(
                  c ->
                      c.nameStems.contains("name")
                          || c.nameStems.contains("title")
                          || c.nameStems.contains("label"))
              .filter(c -> !c.nameStems.contains("user") && !c.nameStems.contains("file"))
              .limit(2)
              .toList();
      if (!named.isEmpty()) {
        return named;
      }
      return columns.stream()
          .filter(
              c ->
                  c.kind == Kind.TEXT
                      && !c.key
                      && !c.nameStems.contains("email")
                      && !c.nameStems.contains("phone"))
          .limit(1)
          .toList();
    }

    /** Singular plain word for the rows of this table, e.g. "customer" for customers. */
    String noun() {
      String[] parts = table.name().toLowerCase(Locale.ROOT).split("_");
      return Words.stem(parts[parts.length - 1]);
    }
  }

  /** A column, its table, the stems of its name and comment, and its role. */
  static final class ColumnInfo {
    final TableInfo table;
    final Column column;
    final Set<String> nameStems;
    final Set<String> commentStems;
    final Kind kind;
    final boolean key;

    ColumnInfo(TableInfo table, Column column, boolean foreignKey) {
      this.table = table;
      this.column = column;
      this.nameStems = Words.contentStems(column.name().replace('_', ' '));
      this.commentStems = Words.contentStems(column.comment());
      this.kind = kindOf(column.dataType());
      String lower = column.name().toLowerCase(Locale.ROOT);
      this.key = column.primaryKey() || foreignKey || lower.equals("id") || lower.endsWith("_id");
    }

    String name() {
      return column.name();
    }

    boolean isMeasure() {
      return kind == Kind.NUMBER && !key;
    }

    boolean isMoneyLike() {
      return nameStems.stream().anyMatch(Words::isMoneyWord)
          || commentStems.stream().anyMatch(Words::isMoneyWord);
    }

    @Override
    public String toString() {
      return table.name() + "." + column.name();
    }
  }

  /** One step of a join path: {@code from} joins {@code to} on the paired columns. */
  record Edge(TableInfo from, TableInfo to, List<String> fromColumns, List<String> toColumns) {}

  final List<TableInfo> tables = new ArrayList<>();
  final List<ColumnInfo> columns = new ArrayList<>();
  private final Map<TableInfo, List<Edge>> edges = new HashMap<>();

  SchemaVocabulary(SchemaSnapshot snapshot) {
    Map<String, TableInfo> byName = new HashMap<>();
    for (Table t : snapshot.tables()) {
      TableInfo info = new TableInfo(t);
      tables.add(info);
      byName.put(t.qualifiedName().toLowerCase(Locale.ROOT), info);
      Set<String> fkColumns = new LinkedHashSet<>();
      t.foreignKeys()
          .forEach(fk -> fk.columns().forEach(c -> fkColumns.add(c.toLowerCase(Locale.ROOT))));
      for (Column c : t.columns()) {
        ColumnInfo ci =
            new ColumnInfo(info, c, fkColumns.contains(c.name().toLowerCase(Locale.ROOT)));
        info.columns.add(ci);
        columns.add(ci);
      }
      edges.put(info, new ArrayList<>());
    }
    for (TableInfo from : tables) {
      for (ForeignKey fk : from.table.foreignKeys()) {
        TableInfo to =
            byName.get(
                (fk.referencedSchema() + "." + fk.referencedTable()).toLowerCase(Locale.ROOT));
        if (to == null || to == from) {
          continue;
        }
        edges.get(from).add(new Edge(from, to, fk.columns(), fk.referencedColumns()));
        edges.get(to).add(new Edge(to, from, fk.referencedColumns(), fk.columns()));
      }
    }
  }

  static Kind kindOf(String dataType) {
    String t = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
    if (t.startsWith("timestamp") || t.equals("date")) {
      return Kind.DATE;
    }
    if (t.startsWith("numeric")
        || t.startsWith("decimal")
        || t.contains("int")
        || t.startsWith("double")
        || t.equals("real")
        || t.equals("money")
        || t.startsWith("float")
        || t.equals("serial")
        || t.equals("bigserial")) {
      return Kind.NUMBER;
    }
    if (t.startsWith("text")
        || t.startsWith("character")
        || t.startsWith("varchar")
        || t.startsWith("char")
        || t.equals("citext")
        || t.equals("name")) {
      return Kind.TEXT;
    }
    if (t.startsWith("bool")) {
      return Kind.BOOLEAN;
    }
    return Kind.OTHER;
  }

  /**
   * How well one question stem names {@code column}: name 3, name synonym 1.5, comment 1, comment
   * synonym 0.5.
   */
  static double score(ColumnInfo column, String stem) {
    double s = 0;
    if (column.nameStems.contains(stem)) {
      s += 3;
    } else if (Words.anySynonym(stem, column.nameStems)) {
      s += 1.5;
    }
    if (column.commentStems.contains(stem)) {
      s += 1;
    } else if (Words.anySynonym(stem, column.commentStems)) {
      s += 0.5;
    }
    return s;
  }

  /**
   * How well one question stem names {@code table}: name 3, name synonym 2, comment 1, comment
   * synonym 0.5.
   */
  static double score(TableInfo table, String stem) {
    if (table.nameStems.contains(stem)) {
      return 3;
    }
    if (Words.anySynonym(stem, table.nameStems)) {
      return 2;
    }
    if (table.commentStems.contains(stem)) {
      return 1;
    }
    return Words.anySynonym(stem, table.commentStems) ? 0.5 : 0;
  }

  /** Number of foreign-key hops between two tables, or -1 when they are not connected. */
  int distance(TableInfo a, TableInfo b) {
    List<Edge> path = path(a, b);
    return path == null ? -1 : path.size();
  }

  /** Shortest foreign-key path from {@code from} to {@code to} (BFS), or null if none. */
  List<Edge> path(TableInfo from, TableInfo to) {
    if (from == to) {
      return List.of();
    }
    Map<TableInfo, Edge> cameBy = new HashMap<>();
    Deque<TableInfo> queue = new ArrayDeque<>();
    queue.add(from);
    cameBy.put(from, null);
    while (!queue.isEmpty()) {
      TableInfo current = queue.poll();
      for (Edge e : edges.get(current)) {
        if (cameBy.containsKey(e.to())) {
          continue;
        }
        cameBy.put(e.to(), e);
        if (e.to() == to) {
          List<Edge> path = new ArrayList<>();
          for (Edge step = e; step != null; step = cameBy.get(step.from())) {
            path.add(0, step);
          }
          return path;
        }
        queue.add(e.to());
      }
    }
    return null;
  }

  /**
   * Edges joining all {@code needed} tables to {@code root}: each table is attached by the shortest
   * path from any table already joined; null if one cannot be reached.
   */
  List<Edge> joinTree(TableInfo root, List<TableInfo> needed) {
    List<TableInfo> joined = new ArrayList<>(List.of(root));
    List<Edge> tree = new ArrayList<>();
    for (TableInfo target : needed) {
      if (joined.contains(target)) {
        continue;
      }
      List<Edge> best = null;
      for (TableInfo start : joined) {
        List<Edge> p = path(start, target);
        if (p != null && (best == null || p.size() < best.size())) {
          best = p;
        }
      }
      if (best == null) {
        return null;
      }
      for (Edge e : best) {
        if (!joined.contains(e.to())) {
          joined.add(e.to());
          tree.add(e);
        }
      }
    }
    return tree;
  }
}
