package com.sqm.model;

/** The kind of chart suggested for a result. */
public enum ChartType {
  BAR,
  LINE,
  PIE,
  SCATTER,
  SINGLE_VALUE,
  TABLE
}
