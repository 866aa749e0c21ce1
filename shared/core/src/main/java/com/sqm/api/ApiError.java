package com.sqm.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sqm.model.ErrorCode;

/**
 * The {@code error} object of an error response; {@code requestId} is set on server faults so
 * callers can quote it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(ErrorCode code, String message, String field, String requestId) {

  /** The whole error response body: {@code {"error":{...}}}. */
  public record Body(ApiError error) {}
}
