package com.sqm.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A chart suggestion: its type, a title, and a Vega-Lite v6 spec with the data inlined (null for a
 * table).
 */
public record Visualization(ChartType chartType, String title, JsonNode spec) {}
