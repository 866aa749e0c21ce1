package com.sqm.ai;

import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import com.sqm.ai.TimePhrases.TimeFilter;
import com.sqm.model.QueryType;
import java.util.List;

/**
 * What the offline engine understood, resolved against the schema: the rows counted or the measure
 * aggregated, what they are grouped by, and the filters.
 *
 * @param subject the table whose rows are counted, listed or ranked
 * @param measure the aggregated column; null counts rows of {@code subject}
 * @param distinctCount with {@code measure}: count its distinct values instead of aggregating it
 * @param group the grouping: a column, or a table's key and label columns (column null); null for
 *     none
 * @param grain date_trunc unit for a time series, else null
 */
record QueryPlan(
    QueryType type,
    Aggregate aggregate,
    TableInfo subject,
    ColumnInfo measure,
    boolean distinctCount,
    Group group,
    String grain,
    ColumnInfo dateColumn,
    TimeFilter time,
    List<ValueFilter> filters,
    Integer limit,
    boolean descending,
    double confidence) {

  enum Aggregate {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  /**
   * Group by {@code column}, or by the key and label columns of {@code table} when column is null.
   */
  record Group(TableInfo table, ColumnInfo column) {}

  /** {@code column} equals one of {@code values}. */
  record ValueFilter(ColumnInfo column, List<String> values) {}
}
