package com.sqm.local.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A query result as data: column labels and rows of plain Java values (nulls allowed). */
public record ResultTable(List<String> columns, List<List<Object>> rows) {
  public ResultTable {
    columns = List.copyOf(columns);
    rows = rows.stream().map(r -> Collections.unmodifiableList(new ArrayList<>(r))).toList();
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row of " + row.size() + " values for " + columns.size() + " columns");
      }
    }
  }

  public int width() {
    return columns.size();
  }
}
