package com.sqm.schema;

import java.util.Locale;
import java.util.Set;

/** Writes PostgreSQL identifiers, quoting only those that would not survive unquoted. */
public final class SqlIdentifiers {
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "current_catalog",
          "current_date",
          "current_role",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "grant",
          "group",
          "having",
          "in",
          "initially",
          "intersect",
          "into",
          "lateral",
          "leading",
          "limit",
          "localtime",
          "localtimestamp",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "placing",
          "primary",
          "references",
          "returning",
          "select",
          "session_user",
          "some",
          "symmetric",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "when",
          "where",
          "window",
          "with",
          "authorization",
          "binary",
          "collation",
          "concurrently",
          "cross",
          "current_schema",
          "freeze",
          "full",
          "ilike",
          "inner",
          "is",
          "isnull",
          "join",
          "left",
          "like",
          "natural",
          "notnull",
          "outer",
          "overlaps",
          "right",
          "similar",
          "tablesample",
          "verbose");

  private SqlIdentifiers() {}

  /**
   * {@code name} as it must appear in SQL: bare when lower-case and not reserved, else
   * double-quoted.
   */
  public static String quote(String name) {
    boolean plain =
        name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name.toLowerCase(Locale.ROOT));
    return plain ? name : '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code schema.table}, each part quoted only if needed. */
  public static String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  /** A SQL string literal. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
