package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One SQL an engine wrote for a query and what became of it: {@code error} is null when it passed
 * the guard and ran; otherwise the code and sentence that were sent back to the engine (parse
 * error, guard rule, database error).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SqlAttempt(int attempt, String sql, QueryError error, TokenUsage usage) {
  public boolean succeeded() {
    return error == null;
  }
}
