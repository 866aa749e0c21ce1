package com.sqm.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs a repository's statements on one connection, in one transaction. */
final class Transactions {
  private Transactions() {}

  /** The statements of one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction that commits when it returns and rolls back when it throws;
   * an {@link SQLException} becomes a {@link StoreException} that failed "to {@code doing}".
   */
  static <T> T inTransaction(DataSource dataSource, String doing, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      // Locks hold until commit; the pool restores auto-commit when the connection returns.
      c.setAutoCommit(false);
      boolean committed = false;
      try {
        T result = work.run(c);
        c.commit();
        committed = true;
        return result;
      } finally {
        if (!committed) {
          c.rollback();
        }
      }
    } catch (SQLException e) {
      throw new StoreException(doing, e);
    }
  }
}
