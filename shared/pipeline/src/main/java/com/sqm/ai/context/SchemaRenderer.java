package com.sqm.ai.context;

import com.sqm.schema.SchemaSnapshot.Column;
import com.sqm.schema.SchemaSnapshot.ForeignKey;
import com.sqm.schema.SchemaSnapshot.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a table as compact DDL-like text: one line per column with its type, key, reference,
 * comment and sample values. Comments and values are flattened to one line and cut short, so text
 * stored in the database cannot forge lines of its own.
 */
final class SchemaRenderer {
  static final int MAX_COMMENT_CHARS = 160;
  static final int MAX_SAMPLE_VALUES = 8;
  static final int MAX_VALUE_CHARS = 40;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** The whole table. */
  String render(Table table) {
    return render(table, columns(table), 0);
  }

  /**
   * The table in at most {@code maxChars}: columns dropped from the end, keys and columns the
   * question names kept first; null when not even the header and keys fit.
   */
  String renderWithin(Table table, Set<String> askedWords, int maxChars) {
    String full = render(table);
    if (full.length() <= maxChars) {
      return full;
    }
    List<Column> preferred = new ArrayList<>();
    List<Column> others = new ArrayList<>();
    for (Column c : columns(table)) {
      boolean named = Tokens.of(c.name()).stream().anyMatch(askedWords::contains);
      if (c.primaryKey() || isForeignKey(table, c) || named) {
        preferred.add(c);
      } else {
        others.add(c);
      }
    }
    List<Column> kept = new ArrayList<>(preferred);
    String best = null;
    if (render(table, kept, others.size()).length() <= maxChars) {
      best = render(table, kept, others.size());
      for (int i = 0; i < others.size(); i++) {
        kept.add(others.get(i));
        String attempt = render(table, kept, others.size() - i - 1);
        if (attempt.length() > maxChars) {
          break;
        }
        best = attempt;
      }
    }
    return best;
  }

  private String render(Table table, List<Column> columns, int omitted) {
    StringBuilder out = new StringBuilder();
    out.append("TABLE ").append(table.qualifiedName());
    if (table.estimatedRows() > 0) {
      out.append(" (~").append(table.estimatedRows()).append(" rows)");
    }
    appendComment(out, table.comment());
    out.append('\n');
    for (Column c : columns) {
      out.append("  ").append(c.name()).append(' ').append(c.dataType());
      if (c.primaryKey()) {
        out.append(" PRIMARY KEY");
      } else if (!c.nullable()) {
        out.append(" NOT NULL");
      }
      String reference = reference(table, c);
      if (reference != null) {
        out.append(" REFERENCES ").append(reference);
      }
      appendComment(out, c.comment());
      appendValues(out, c.sampleValues());
      out.append('\n');
    }
    if (omitted > 0) {
      out.append("  -- ").append(omitted).append(" more columns not shown\n");
    }
    return out.toString();
  }

  private static void appendComment(StringBuilder out, String comment) {
    if (comment != null && !comment.isBlank()) {
      out.append(" -- ").append(oneLine(comment, MAX_COMMENT_CHARS));
    }
  }

  private static void appendValues(StringBuilder out, List<String> values) {
    if (values == null || values.isEmpty()) {
      return;
    }
    out.append(" -- values: ");
    int shown = Math.min(values.size(), MAX_SAMPLE_VALUES);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append('\'')
          .append(oneLine(values.get(i), MAX_VALUE_CHARS).replace("'", "''"))
          .append('\'');
    }
    if (values.size() > shown) {
      out.append(", …");
    }
  }

  /** Whitespace (newlines included) collapsed to single spaces, cut at {@code max} characters. */
  static String oneLine(String text, int max) {
    String flat = text == null ? "" : WHITESPACE.matcher(text).replaceAll(" ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max) + "…";
  }

  private static String reference(Table table, Column column) {
    for (ForeignKey fk : foreignKeys(table)) {
      int i = indexOfIgnoreCase(fk.columns(), column.name());
      if (i >= 0 && i < fk.referencedColumns().size()) {
        return fk.referencedSchema()
            + "."
            + fk.referencedTable()
            + "("
            + fk.referencedColumns().get(i)
            + ")";
      }
    }
    return null;
  }

  private static boolean isForeignKey(Table table, Column column) {
    return reference(table, column) != null;
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static List<Column> columns(Table table) {
    return table.columns() == null ? List.of() : table.columns();
  }

  private static List<ForeignKey> foreignKeys(Table table) {
    return table.foreignKeys() == null ? List.of() : table.foreignKeys();
  }
}
