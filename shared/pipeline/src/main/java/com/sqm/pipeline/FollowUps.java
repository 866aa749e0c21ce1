package com.sqm.pipeline;

import com.sqm.model.FollowUp;
import com.sqm.model.UserQuery;
import com.sqm.store.QueryRepository;

/** What a follow-up question tells the engine about the earlier query it builds on. */
final class FollowUps {
  // Keeps the earlier answer's part of a follow-up's prompt small.
  private static final int MAX_FOLLOW_UP_SUMMARY = 600;

  private FollowUps() {}

  /**
   * The earlier query {@code query} builds on (submit checked it is the same user's), or null; one
   * that left no SQL gives the engine its question alone.
   */
  static FollowUp of(UserQuery query, QueryRepository queries) {
    if (query.parentQueryId() == null) {
      return null;
    }
    return queries
        .findById(query.parentQueryId())
        .map(parent -> new FollowUp(parent.question(), parent.sql(), resultSummary(parent)))
        .orElse(null);
  }

  /** The parent's summary with the shape of its result, short enough for a prompt. */
  static String resultSummary(UserQuery parent) {
    StringBuilder text = new StringBuilder();
    if (parent.summary() != null) {
      text.append(parent.summary().strip());
    }
    if (parent.result() != null) {
      text.append(text.isEmpty() ? "" : " ")
          .append("(")
          .append(parent.result().rowCount())
          .append(" rows; columns: ")
          .append(String.join(", ", parent.result().columns().stream().map(c -> c.name()).toList()))
          .append(")");
    }
    if (parent.error() != null) {
      text.append(text.isEmpty() ? "" : " ").append("It failed: ").append(parent.error().message());
    }
    return text.length() > MAX_FOLLOW_UP_SUMMARY
        ? text.substring(0, MAX_FOLLOW_UP_SUMMARY) + "…"
        : text.toString();
  }
}
