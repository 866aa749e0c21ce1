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

    /** The words the name stands for, e.g. "order items"; a shared schema prefix dropped. */
    final String words;

    TableInfo(Table table, String words) {
      this.table = table;
      this.words = words;
      // Both the parts and the whole: "order_items" answers to "order", "item" and "orderitem".
      Set<String> names = new LinkedHashSet<>(Words.contentStems(words));
      names.add(Words.stem(words.replace(" ", "")));
      this.nameStems = Set.copyOf(names);
      this.commentStems = Words.contentStems(table.comment());
    }

    String name() {
      return table.name();
    }

    /**
     * The single-column primary key; without a declared one, the column named after the table
     * ({@code business_id} in business) or {@code id}.
     */
    Optional<ColumnInfo> primaryKey() {
      List<ColumnInfo> pk = columns.stream().filter(c -> c.column.primaryKey()).toList();
      if (!pk.isEmpty()) {
        return pk.size() == 1 ? Optional.of(pk.get(0)) : Optional.empty();
      }
      return columns.stream()
          .filter(c -> c.name().equalsIgnoreCase("id"))
          .findFirst()
          .or(
              () ->
                  columns.stream()
                      .filter(c -> InferredJoins.namesOwnTable(this, c) && c.words.endsWith(" id"))
                      .findFirst());
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
      String[] parts = words.split(" ");
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

    /** The words the name stands for, e.g. "unit price"; a shared prefix dropped. */
    final String words;

    ColumnInfo(TableInfo table, Column column, boolean foreignKey, String words) {
      this.table = table;
      this.column = column;
      this.words = words;
      // The parts and the whole: "pay_load" answers to "pay", "load" and "payload".
      Set<String> names = new LinkedHashSet<>(Words.contentStems(words));
      if (words.contains(" ")) {
        names.add(Words.stem(words.replace(" ", "")));
      }
      this.nameStems = Set.copyOf(names);
      this.commentStems = Words.contentStems(column.comment());
      this.kind = kindOf(column.dataType());
      this.key = column.primaryKey() || foreignKey || words.equals("id") || words.endsWith(" id");
    }

    String name() {
      return column.name();
    }

    boolean isMeasure() {
      return kind == Kind.NUMBER && !key;
    }

    /** Whether the column's sample values are only yes/no flags ("Y", "N", "true"). */
    boolean yesNo() {
      Set<String> flags = Set.of("y", "n", "yes", "no", "true", "false", "t", "f", "0", "1");
      return kind == Kind.BOOLEAN
          || !column.sampleValues().isEmpty()
              && column.sampleValues().stream()
                  .allMatch(v -> flags.contains(v.strip().toLowerCase(Locale.ROOT)));
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
    String tablePrefix =
        IdentifierWords.sharedPrefix(
            snapshot.tables().stream().map(Table::name).toList(), 2, IdentifierWords.MAX_PREFIX);
    for (Table t : snapshot.tables()) {
      TableInfo info = new TableInfo(t, IdentifierWords.words(t.name(), tablePrefix));
      String columnPrefix =
          tablePrefix.isEmpty()
              ? ""
              // Columns repeat the table's prefix and add their own: sbCust, sbTicker.
              : IdentifierWords.sharedPrefix(
                  t.columns().stream().map(Column::name).toList(),
                  tablePrefix.length() + 1,
                  tablePrefix.length() + IdentifierWords.MAX_PREFIX);
      tables.add(info);
      byName.put(t.qualifiedName().toLowerCase(Locale.ROOT), info);
      Set<String> fkColumns = new LinkedHashSet<>();
      t.foreignKeys()
          .forEach(fk -> fk.columns().forEach(c -> fkColumns.add(c.toLowerCase(Locale.ROOT))));
      for (Column c : t.columns()) {
        ColumnInfo ci =
            new ColumnInfo(
                info,
                c,
                fkColumns.contains(c.name().toLowerCase(Locale.ROOT)),
                IdentifierWords.words(c.name(), columnPrefix));
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
    InferredJoins.infer(tables, edges);
  }

  private static final Set<String> NUMBER_TYPES =
      Set.of(
          "int",
          "integer",
          "int2",
          "int4",
          "int8",
          "smallint",
          "bigint",
          "serial",
          "bigserial",
          "smallserial",
          "serial4",
          "serial8");

  static Kind kindOf(String dataType) {
    String t = dataType == null ? "" : dataType.toLowerCase(Locale.ROOT);
    if (t.startsWith("timestamp") || t.equals("date")) {
      return Kind.DATE;
    }
    // Whole type names only: "interval" and "point" contain "int" but are not numbers.
    String base = t.replaceAll("\\s*\\(.*$", "").strip();
    if (base.equals("numeric")
        || base.equals("decimal")
        || NUMBER_TYPES.contains(base)
        || base.startsWith("double")
        || base.equals("real")
        || base.equals("money")
        || base.startsWith("float")) {
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
    double s = directScore(column, stem);
    for (String base : s > 0 ? List.<String>of() : Words.baseForms(stem)) {
      s = Math.max(s, directScore(column, base));
    }
    return s;
  }

  private static double directScore(ColumnInfo column, String stem) {
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
    double s = directScore(table, stem);
    for (String base : s > 0 ? List.<String>of() : Words.baseForms(stem)) {
      s = Math.max(s, directScore(table, base));
    }
    return s;
  }

  private static double directScore(TableInfo table, String stem) {
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
