package com.sqm.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Sums the tokens recorded on {@code user_query}; the history index (user_id, created_at) keeps it
 * to one user's queries of the day.
 */
public final class JdbcTokenUsageRepository implements TokenUsageRepository {
  private final DataSource dataSource;

  public JdbcTokenUsageRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public long tokensSpentSince(String userId, Instant since) {
    String sql =
        "SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) FROM user_query"
            + " WHERE user_id = ? AND created_at >= ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, userId);
      ps.setObject(2, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("sum the tokens spent today", e);
    }
  }
}
