package com.sqm.store;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;

/**
 * The query store failed (database down, constraint broken); the message is safe to show, the cause
 * is not.
 */
public final class StoreException extends SqmException {
  private static final long serialVersionUID = 1L;

  public StoreException(String operation, Throwable cause) {
    super(ErrorCode.INTERNAL_ERROR, "the query store failed to " + operation, null, cause);
  }
}
