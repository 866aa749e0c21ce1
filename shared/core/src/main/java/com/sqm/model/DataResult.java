package com.sqm.model;

import java.util.List;

/** Rows returned by executing SQL; {@code truncated} says a row or byte cap cut it short. */
public record DataResult(
    List<ColumnMeta> columns, List<List<Object>> rows, int rowCount, boolean truncated) {
  public DataResult {
    columns = List.copyOf(columns);
    rows =
        rows.stream()
            .map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
            .toList();
  }
}
