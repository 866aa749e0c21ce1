package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error as stored on a query and returned to callers: a code, a sentence, and the field or rule
 * at fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryError(ErrorCode code, String message, String field) {
  public static QueryError of(ErrorCode code, String message) {
    return new QueryError(code, message, null);
  }
}
