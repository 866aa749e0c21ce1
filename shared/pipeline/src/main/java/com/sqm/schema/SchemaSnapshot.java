package com.sqm.schema;

import java.util.List;
import java.util.Optional;

/**
 * What a data source holds in its allowed schemas: tables, columns, keys, comments, sample values.
 */
public record SchemaSnapshot(List<Table> tables) {

  /** A table or view. */
  public record Table(
      String schema,
      String name,
      String comment,
      List<Column> columns,
      List<ForeignKey> foreignKeys,
      long estimatedRows) {
    public Optional<Column> column(String columnName) {
      return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    public String qualifiedName() {
      return schema + "." + name;
    }
  }

  /**
   * A column; {@code sampleValues} holds the distinct values of low-cardinality text columns (so a
   * question's "in Germany" can be matched to a filter), empty otherwise.
   */
  public record Column(
      String name,
      String dataType,
      boolean nullable,
      boolean primaryKey,
      String comment,
      List<String> sampleValues) {}

  /** {@code columns} of this table reference {@code referencedColumns} of another. */
  public record ForeignKey(
      List<String> columns,
      String referencedSchema,
      String referencedTable,
      List<String> referencedColumns) {}

  public Optional<Table> table(String name) {
    return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
  }
}
