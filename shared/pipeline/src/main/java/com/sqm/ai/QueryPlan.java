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
 * @param patterns text filters such as "starts with", number comparisons ("over 30,000") and days
 *     of the week ("on weekends")
 * @param absent rows of {@code subject} that have no row in this related table ("never"); null for
 *     none
 * @param share the part of the total to report as a percentage ("what share ... comes from X");
 *     empty for none
 * @param shareOfTotal with a group: add each group's percentage of the total
 * @param newestFirst list the rows by {@code dateColumn}, newest first ("the 10 most recent")
 * @param comparedTime a second period to report beside {@code time} ("compared to the month
 *     before"); null for none
 * @param orderBy the sort the question asks for ("ordered by", "alphabetically"); null for the
 *     shape's own
 * @param extraValues further values the question asks for beside the main one ("Return the number
 *     of sales and the total revenue")
 * @param ratioDenominator with {@code measure}: the value is the ratio of the measure to this
 *     column ("ratio of capacity to range"); null for none
 * @param ratioPerRow aggregate the ratio of each row ("the average ratio of"), not the ratio of the
 *     aggregates
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
    double confidence,
    List<PatternFilter> patterns,
    TableInfo absent,
    List<ValueFilter> share,
    boolean shareOfTotal,
    Boolean newestFirst,
    TimeFilter comparedTime,
    OrderBy orderBy,
    List<ExtraValue> extraValues,
    ColumnInfo ratioDenominator,
    boolean ratioPerRow) {

  QueryPlan withOrderBy(OrderBy o) {
    return copy(aggregate, measure, group, o, extraValues);
  }

  QueryPlan withMeasure(Aggregate a, ColumnInfo m) {
    return copy(a, m, group, orderBy, extraValues);
  }

  QueryPlan withGroup(Group g) {
    return copy(aggregate, measure, g, orderBy, extraValues);
  }

  QueryPlan withExtraValues(List<ExtraValue> extras) {
    return copy(aggregate, measure, group, orderBy, List.copyOf(extras));
  }

  /** This plan with the components that later stages of planning replace. */
  private QueryPlan copy(Aggregate a, ColumnInfo m, Group g, OrderBy o, List<ExtraValue> extras) {
    return new QueryPlan(
        type,
        a,
        subject,
        m,
        distinctCount,
        g,
        grain,
        dateColumn,
        time,
        filters,
        limit,
        descending,
        confidence,
        patterns,
        absent,
        share,
        shareOfTotal,
        newestFirst,
        comparedTime,
        o,
        extras,
        ratioDenominator,
        ratioPerRow);
  }

  enum Aggregate {
    COUNT,
    SUM,
    AVG,
    MIN,
    MAX
  }

  /**
   * Group by {@code column}, or by the key and label columns of {@code table} when column is null;
   * {@code shown} are further columns of that table the question asks to see ("Return the make and
   * model").
   */
  record Group(TableInfo table, ColumnInfo column, List<ColumnInfo> shown) {
    Group(TableInfo table, ColumnInfo column) {
      this(table, column, List.of());
    }
  }

  /**
   * One more value in the answer: {@code aggregate} of {@code measure}, or with COUNT the rows of
   * {@code counted}.
   */
  record ExtraValue(Aggregate aggregate, ColumnInfo measure, TableInfo counted) {}

  /** Sort by {@code column}, or by the aggregated value when column is null. */
  record OrderBy(ColumnInfo column, boolean descending) {}

  /** {@code column} equals one of {@code values}, or with {@code negated} none of them. */
  record ValueFilter(ColumnInfo column, List<String> values, boolean negated) {
    ValueFilter(ColumnInfo column, List<String> values) {
      this(column, values, false);
    }
  }

  /**
   * {@code column} matches an ILIKE {@code pattern}; {@code description} says so in words ("starts
   * with 'A'").
   */
  record PatternFilter(ColumnInfo column, String pattern, String description, String condition) {
    PatternFilter(ColumnInfo column, String pattern, String description) {
      this(column, pattern, description, null);
    }

    /**
     * A filter written as a condition on the column ({@code {col}} stands for it): a number
     * comparison or a day of the week.
     */
    static PatternFilter condition(ColumnInfo column, String condition, String description) {
      return new PatternFilter(column, null, description, condition);
    }
  }
}
