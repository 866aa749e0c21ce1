package com.sqm.sql;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.SQLException;

/**
 * The data source refused or failed a query, or could not be reached ({@code DATASOURCE_ERROR});
 * {@link #sqlState()} tells a mistake in the SQL (a missing column, a type mismatch) from a failure
 * of the server or network, and {@link #isTransient()} says whether the same query may succeed
 * later (the server was unreachable, restarting, out of resources, or the transaction lost a
 * serialization race).
 */
public final class DataSourceQueryException extends SqmException {
  private static final long serialVersionUID = 1L;
  private final String sqlState;
  private final Kind kind;

  /** Where a data-source failure came from, for the data source's circuit breaker. */
  enum Kind {
    /** The server could not be used at all: counts towards opening the breaker. */
    OUTAGE,
    /** Every pooled connection stayed in use by other runs: the server may be fine. */
    BUSY,
    /** The breaker is open; nothing was tried. */
    BREAKER_OPEN,
    /** The server answered with an error. */
    SERVER
  }

  /** A failure the server reported with {@code sqlState}; transient as the state says. */
  public DataSourceQueryException(String message, String sqlState) {
    this(
        message,
        sqlState,
        isTransientState(sqlState),
        isOutageState(sqlState) ? Kind.OUTAGE : Kind.SERVER,
        null);
  }

  DataSourceQueryException(
      String message, String sqlState, boolean transientFailure, Kind kind, Throwable cause) {
    super(ErrorCode.DATASOURCE_ERROR, message, null, cause, transientFailure);
    this.sqlState = sqlState;
    this.kind = kind;
  }

  /**
   * What an {@link SQLException} from a data source's connection stands for: the pool's own failure
   * when it carries one (cannot connect, breaker open), else {@code doing} with the driver's
   * sentence, transient as its SQLSTATE says.
   */
  public static DataSourceQueryException from(SQLException e, String doing) {
    if (e.getCause() instanceof DataSourceQueryException reason) {
      return reason;
    }
    String state = e.getSQLState();
    return new DataSourceQueryException(
        doing + ": " + e.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")"),
        state,
        isTransientState(state),
        isOutageState(state) ? Kind.OUTAGE : Kind.SERVER,
        e);
  }

  Kind kind() {
    return kind;
  }

  /** PostgreSQL's SQLSTATE, or null when the driver gave none. */
  public String sqlState() {
    return sqlState;
  }

  /**
   * Whether the SQL itself is at fault, so another SQL could succeed: syntax or access rule
   * violations (class 42), data exceptions (22), cardinality violations (21) and unsupported
   * features (0A). Connection, resource and server failures are not.
   */
  public boolean isCausedBySql() {
    String sqlClass = sqlClass(sqlState);
    return sqlClass.equals("42")
        || sqlClass.equals("22")
        || sqlClass.equals("21")
        || sqlClass.equals("0A");
  }

  /**
   * Whether a failure with {@code sqlState} says the server could not be used at all, so the same
   * query may succeed once it is back: it cannot be reached (class 08), is shutting down or
   * restarting (57P01, 57P02, 57P03) or is out of resources (class 53, e.g. too many connections).
   * These count towards the data source's circuit breaker.
   */
  static boolean isOutageState(String sqlState) {
    String sqlClass = sqlClass(sqlState);
    return sqlClass.equals("08")
        || sqlClass.equals("53")
        || "57P01".equals(sqlState)
        || "57P02".equals(sqlState)
        || "57P03".equals(sqlState);
  }

  /**
   * Whether the same query may succeed later: an outage ({@link #isOutageState}), or a
   * serialization failure or deadlock (40001, 40P01) that a second run would not meet.
   */
  static boolean isTransientState(String sqlState) {
    return isOutageState(sqlState) || "40001".equals(sqlState) || "40P01".equals(sqlState);
  }

  private static String sqlClass(String sqlState) {
    return sqlState == null || sqlState.length() < 2 ? "" : sqlState.substring(0, 2);
  }
}
