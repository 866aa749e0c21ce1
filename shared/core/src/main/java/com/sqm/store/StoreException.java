package com.sqm.store;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The query store failed; the message is safe to show, the cause is not. A store that could not be
 * reached (connection refused or lost, pool timed out) is a transient STORE_UNAVAILABLE the caller
 * may retry; anything else (a broken constraint, a bad statement) is an INTERNAL_ERROR.
 */
public final class StoreException extends SqmException {
  private static final long serialVersionUID = 1L;

  public StoreException(String operation, Throwable cause) {
    this(operation, cause, unreachable(cause));
  }

  private StoreException(String operation, Throwable cause, boolean unreachable) {
    super(
        unreachable ? ErrorCode.STORE_UNAVAILABLE : ErrorCode.INTERNAL_ERROR,
        unreachable
            ? "the query store is unavailable (could not " + operation + "); try again shortly"
            : "the query store failed to " + operation,
        null,
        cause,
        unreachable);
  }

  /**
   * Whether {@code failure} says the database could not be reached: SQLState class 08 (connection
   * exception), the pool giving up waiting for a connection, or a socket error underneath.
   */
  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SocketException
          || t instanceof SocketTimeoutException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }
}
