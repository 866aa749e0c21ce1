package com.sqm.pipeline;

import java.util.UUID;

/**
 * The worker's lease on a query no longer holds: it lapsed and another worker took the query over,
 * or the query finished. The worker stops; what it was doing is the other worker's now.
 */
final class LeaseLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LeaseLostException(UUID queryId) {
    super("the lease on query " + queryId + " no longer holds");
  }
}
