package com.sqm.ai;

import java.util.List;

/**
 * What an engine made of a result: a summary in sentences, the key figures it rests on, and a chart
 * choice (null to let the pipeline choose).
 */
public record Interpretation(String summary, List<KeyFigure> keyFigures, ChartChoice chart) {

  /** A labelled number from the result, e.g. "Total revenue" = "12,345.67". */
  public record KeyFigure(String label, String value) {}
}
