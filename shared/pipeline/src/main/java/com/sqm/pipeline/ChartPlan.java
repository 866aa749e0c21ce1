package com.sqm.pipeline;

import com.sqm.model.ChartType;

/**
 * Which chart to draw and from which result columns (indexes, -1 where unused): {@code x} is the
 * category or time axis (a pie's slices), {@code y} the measure (a single value's number).
 */
record ChartPlan(ChartType type, int x, int y, int color) {
  static final ChartPlan TABLE = new ChartPlan(ChartType.TABLE, -1, -1, -1);
}
