package com.sqm.store;

import com.sqm.model.FeedbackRating;
import com.sqm.model.QueryFeedback;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link FeedbackRepository} on the {@code query_feedback} table of Postgres. */
public final class JdbcFeedbackRepository implements FeedbackRepository {
  private final DataSource dataSource;

  public JdbcFeedbackRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public QueryFeedback save(QueryFeedback feedback) {
    String sql =
        """
        INSERT INTO query_feedback (query_id, user_id, rating, corrected_sql, comment)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (query_id, user_id) DO UPDATE SET
          rating = EXCLUDED.rating, corrected_sql = EXCLUDED.corrected_sql,
          comment = EXCLUDED.comment, created_at = clock_timestamp()
        RETURNING *
        """;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, feedback.queryId());
      ps.setString(2, feedback.userId());
      ps.setString(3, feedback.rating().wireName());
      ps.setString(4, feedback.correctedSql());
      ps.setString(5, feedback.comment());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return map(rs);
      }
    } catch (SQLException e) {
      throw new StoreException("save the feedback", e);
    }
  }

  @Override
  public Optional<QueryFeedback> find(UUID queryId, String userId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT * FROM query_feedback WHERE query_id = ? AND user_id = ?")) {
      ps.setObject(1, queryId);
      ps.setString(2, userId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("read the feedback", e);
    }
  }

  private static QueryFeedback map(ResultSet rs) throws SQLException {
    return new QueryFeedback(
        rs.getObject("query_id", UUID.class),
        rs.getString("user_id"),
        FeedbackRating.parse(rs.getString("rating")).orElseThrow(),
        rs.getString("corrected_sql"),
        rs.getString("comment"),
        rs.getTimestamp("created_at").toInstant());
  }
}
