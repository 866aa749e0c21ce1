package com.sqm.ai;

import java.util.Set;

/**
 * Requests to change data ("drop the customers table", "please delete all orders"), told apart from
 * questions that merely use such a verb ("how many orders were removed from the cart").
 */
final class DataChangeRequests {
  private static final Set<String> DATA_CHANGING =
      Set.of(
          "delete",
          "drop",
          "truncate",
          "insert",
          "update",
          "alter",
          "grant",
          "revoke",
          "remove",
          "modify",
          "rename",
          "erase",
          "wipe",
          "create",
          "add",
          "set",
          "change",
          "replace");
  // Words that may come before the verb of a request: "please delete", "can you drop".
  private static final Set<String> REQUEST_OPENERS =
      Set.of(
          "please", "can", "could", "would", "will", "you", "kindly", "now", "just", "go", "and");

  private DataChangeRequests() {}

  /** Refuses a request that starts with a data-changing verb. */
  static void refuse(QuestionTokens q) {
    int i = 0;
    while (i < q.size() && REQUEST_OPENERS.contains(q.word(i))) {
      i++;
    }
    // Only a request that starts with the verb changes data: "drop the customers table", not
    // "how many orders were removed from the cart" (and the SQL guard stops writes anyway).
    if (i < q.size() && DATA_CHANGING.contains(q.word(i))) {
      throw QueryPlanner.notAnswerable(
          "The question asks to change data ('"
              + q.word(i)
              + "'); only questions that read data can be answered.");
    }
  }
}
