package com.sqm.ai;

import com.sqm.model.ChartType;

/**
 * Which chart an engine chose for a result: a type and the result columns on each channel (null
 * where unused). Data, never code: the pipeline builds and validates the Vega-Lite spec from it.
 */
public record ChartChoice(ChartType type, String x, String y, String color, String title) {}
