package com.sqm.sql;

import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

/**
 * Second safety layer at the session: runs work in a READ ONLY transaction with statement, lock and
 * idle timeouts and a search_path of the allowed schemas, and always rolls back, whatever the SQL
 * was.
 */
final class ReadOnlyTransaction {
  /** Work done on the transaction's connection. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException;
  }

  private static final String QUERY_CANCELED = "57014";
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";
  private static final String RESULT_BUFFER_EXCEEDED = "maxResultBuffer";

  private ReadOnlyTransaction() {}

  /**
   * Runs {@code work} in a read-only transaction on a connection from {@code dataSource}; a pool
   * from {@link DataSourcePools} runs it through the data source's circuit breaker.
   *
   * @throws SqmException DATASOURCE_TIMEOUT, or DATASOURCE_ERROR ({@link DataSourceQueryException},
   *     transient when the server could not be reached or used)
   */
  static <T> T run(
      DataSource dataSource, List<String> allowedSchemas, DataSourceLimits limits, Work<T> work) {
    if (dataSource instanceof DataSourcePool pool) {
      return pool.call(() -> runOn(pool.connect(), allowedSchemas, limits, work));
    }
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw translate(e);
    }
    return runOn(connection, allowedSchemas, limits, work);
  }

  private static <T> T runOn(
      Connection opened, List<String> allowedSchemas, DataSourceLimits limits, Work<T> work) {
    try (Connection connection = opened) {
      try {
        if (!connection.getAutoCommit()) {
          // a connection handed over mid-transaction must not carry earlier work into ours
          connection.rollback();
        }
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        begin(connection, allowedSchemas, limits);
        T result = work.apply(connection);
        connection.rollback();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * Rolls back after a failure without hiding it: when the driver has closed the connection (a
   * result over maxResultBuffer does that) the rollback fails too, and the first error is the one
   * the caller can act on. A closed connection never commits, so nothing of the work survives.
   */
  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void begin(
      Connection connection, List<String> allowedSchemas, DataSourceLimits limits)
      throws SQLException {
    long timeout = limits.statementTimeoutMs();
    // One round trip for the whole set-up: the statements are ours, the only text from
    // configuration is the search path, passed as an escaped literal.
    String setUp =
        String.join(
            "; ",
            "SET TRANSACTION READ ONLY",
            "SET LOCAL statement_timeout = " + timeout,
            "SET LOCAL lock_timeout = " + timeout,
            "SET LOCAL idle_in_transaction_session_timeout = " + (timeout + 10_000),
            // the lexer assumes standard strings; make the server agree whatever the database
            // default is
            "SET LOCAL standard_conforming_strings = on",
            "SELECT set_config('search_path', "
                + stringLiteral(searchPath(allowedSchemas))
                + ", true)");
    try (Statement s = connection.createStatement()) {
      s.execute(setUp);
    }
  }

  private static String stringLiteral(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String searchPath(List<String> allowedSchemas) {
    List<String> schemas =
        allowedSchemas == null || allowedSchemas.isEmpty() ? List.of("public") : allowedSchemas;
    // pg_catalog first, as PostgreSQL does implicitly, so built-in functions cannot be shadowed
    return "pg_catalog, "
        + schemas.stream()
            .map(ReadOnlyTransaction::quoteIdentifier)
            .collect(Collectors.joining(", "));
  }

  static String quoteIdentifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static SqmException translate(SQLException e) {
    String state = e.getSQLState();
    String message = serverMessage(e);
    // the driver's own message, never the server's: user text can reach a server error message
    if (e instanceof PSQLException p
        && p.getServerErrorMessage() == null
        && String.valueOf(p.getMessage()).contains(RESULT_BUFFER_EXCEEDED)) {
      return new SqmException(
          ErrorCode.SQL_TOO_EXPENSIVE,
          "the result has a value or rows larger than "
              + DataSourcePools.MAX_FETCH_BUFFER_BYTES
              + " bytes; select fewer or smaller columns",
          "sql");
    }
    if (QUERY_CANCELED.equals(state)
        || LOCK_NOT_AVAILABLE.equals(state)
        || IDLE_IN_TRANSACTION_TIMEOUT.equals(state)) {
      return new SqmException(ErrorCode.DATASOURCE_TIMEOUT, "query timed out: " + message);
    }
    String shown = state == null ? message : message + " (SQLSTATE " + state + ")";
    if (state == null && e instanceof SQLTransientConnectionException) {
      // a pool that gave no connection in time, with no driver failure to say why
      return new DataSourceQueryException(
          shown, null, true, DataSourceQueryException.Kind.OUTAGE, null);
    }
    return new DataSourceQueryException(shown, state);
  }

  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException p
        && p.getServerErrorMessage() != null
        && p.getServerErrorMessage().getMessage() != null) {
      return p.getServerErrorMessage().getMessage();
    }
    return String.valueOf(e.getMessage());
  }
}
