package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the engine understood of the question: its shape, the tables (entities), measures,
 * dimensions, filters and time range it maps to, the assumptions it made, and how sure it is
 * (0..1).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AIAnalysis(
    QueryType queryType,
    String intent,
    List<String> tables,
    List<String> measures,
    List<String> dimensions,
    List<String> filters,
    Integer limit,
    double confidence,
    String timeRange,
    List<String> assumptions) {

  /** An analysis without a time range or assumptions. */
  public AIAnalysis(
      QueryType queryType,
      String intent,
      List<String> tables,
      List<String> measures,
      List<String> dimensions,
      List<String> filters,
      Integer limit,
      double confidence) {
    this(queryType, intent, tables, measures, dimensions, filters, limit, confidence, null, null);
  }
}
