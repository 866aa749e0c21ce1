package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Whether a user approved ({@code up}) or disapproved ({@code down}) an answer. */
public enum FeedbackRating {
  UP,
  DOWN;

  /** The form callers send and see, and the one stored: {@code up} or {@code down}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The rating {@code text} names (case-insensitive), if any. */
  public static Optional<FeedbackRating> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.strip().toLowerCase(Locale.ROOT);
    for (FeedbackRating rating : values()) {
      if (rating.wireName().equals(value)) {
        return Optional.of(rating);
      }
    }
    return Optional.empty();
  }
}
