package com.sqm.model;

/** The shape of question an analysis recognised. */
public enum QueryType {
  COUNT,
  TOP_N,
  AGGREGATE,
  GROUPED_AGGREGATE,
  TIME_SERIES,
  LIST,
  OTHER
}
