package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Per-request options. {@code maxRows} asks for fewer rows than the data source's cap; {@code
 * useCache} (default true) allows a cached answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryOptions(Integer maxRows, Boolean useCache) {
  public static final QueryOptions DEFAULTS = new QueryOptions(null, null);

  public boolean cacheAllowed() {
    return useCache == null || useCache;
  }
}
