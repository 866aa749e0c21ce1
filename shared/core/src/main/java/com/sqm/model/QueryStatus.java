package com.sqm.model;

/** Lifecycle of a user query: accepted, being answered, answered, or given up on. */
public enum QueryStatus {
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }
}
