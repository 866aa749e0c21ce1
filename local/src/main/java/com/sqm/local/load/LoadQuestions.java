package com.sqm.local.load;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The questions a load run asks: the demo-shop questions the offline engine answers, with their
 * countries and counts varied so that consecutive questions differ.
 */
public final class LoadQuestions {
  private static final List<String> COUNTRIES =
      List.of(
          "Germany",
          "France",
          "Spain",
          "Italy",
          "Netherlands",
          "Belgium",
          "Austria",
          "Switzerland",
          "Poland",
          "Sweden",
          "Portugal",
          "Ireland");

  // Each template gets the how-many-th time it is used, so its parameter turns with every round.
  private static final List<IntFunction<String>> TEMPLATES =
      List.of(
          round -> "How many customers are there?",
          round -> "how many customers in " + country(round),
          round -> "top " + count(round) + " products by revenue",
          round -> "orders per month last year",
          round -> "average order value by country",
          round -> "which " + count(round) + " customers spent most?",
          round -> "how many orders were cancelled?",
          round -> "total revenue by product category",
          round -> "how many orders in " + country(round),
          round -> "Which customers have never placed an order?",
          round -> "show me the " + count(round) + " most recent orders",
          round -> "What share of revenue comes from " + country(round) + "?",
          round -> "revenue last month compared to the month before");

  private LoadQuestions() {}

  /** The {@code index}-th question of a run (0-based); the same index always gives the same one. */
  public static String question(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative");
    }
    return TEMPLATES.get(index % TEMPLATES.size()).apply(index / TEMPLATES.size());
  }

  private static String country(int round) {
    return COUNTRIES.get(round % COUNTRIES.size());
  }

  private static int count(int round) {
    return 3 + round % 8;
  }
}
