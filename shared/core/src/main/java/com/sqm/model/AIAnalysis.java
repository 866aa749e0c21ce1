package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the engine understood of the question: its shape, the tables, measures, dimensions and
 * filters it maps to, and how sure it is (0..1).
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
    double confidence) {}
