package com.sqm.store;

import com.sqm.model.QueryTemplate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link QueryTemplateRepository} on the {@code query_template} table of Postgres. */
public final class JdbcQueryTemplateRepository implements QueryTemplateRepository {
  private static final int NAME_LENGTH = 80;
  private final DataSource dataSource;

  public JdbcQueryTemplateRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<QueryTemplate> findByDataSource(String dataSourceId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT * FROM query_template WHERE data_source_id = ? ORDER BY id")) {
      ps.setString(1, dataSourceId);
      try (ResultSet rs = ps.executeQuery()) {
        List<QueryTemplate> templates = new ArrayList<>();
        while (rs.next()) {
          templates.add(map(rs));
        }
        return List.copyOf(templates);
      }
    } catch (SQLException e) {
      throw new StoreException("list the query templates", e);
    }
  }

  @Override
  public QueryTemplate add(
      String dataSourceId, String name, String exampleQuestion, String sql, String description) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                INSERT INTO query_template (data_source_id, name, example_question, sql, description)
                VALUES (?, ?, ?, ?, ?)
                RETURNING *
                """)) {
      ps.setString(1, dataSourceId);
      ps.setString(2, name);
      ps.setString(3, exampleQuestion);
      ps.setString(4, sql);
      ps.setString(5, description);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return map(rs);
      }
    } catch (SQLException e) {
      throw new StoreException("save the query template", e);
    }
  }

  @Override
  public QueryTemplate saveFeedbackExample(
      String dataSourceId, UUID sourceQueryId, String question, String sql, String description) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                INSERT INTO query_template (data_source_id, name, example_question, sql,
                                            description, origin, source_query_id)
                VALUES (?, ?, ?, ?, ?, 'FEEDBACK', ?)
                ON CONFLICT (source_query_id) WHERE source_query_id IS NOT NULL DO UPDATE SET
                  data_source_id = EXCLUDED.data_source_id, name = EXCLUDED.name,
                  example_question = EXCLUDED.example_question, sql = EXCLUDED.sql,
                  description = EXCLUDED.description, origin = 'FEEDBACK'
                RETURNING *
                """)) {
      ps.setString(1, dataSourceId);
      ps.setString(2, exampleName(question));
      ps.setString(3, question);
      ps.setString(4, sql);
      ps.setString(5, description);
      ps.setObject(6, sourceQueryId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return map(rs);
      }
    } catch (SQLException e) {
      throw new StoreException("save the approved example", e);
    }
  }

  @Override
  public boolean delete(String dataSourceId, long templateId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM query_template WHERE data_source_id = ? AND id = ?")) {
      ps.setString(1, dataSourceId);
      ps.setLong(2, templateId);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreException("remove the query template", e);
    }
  }

  @Override
  public boolean removeFeedbackExample(UUID sourceQueryId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM query_template WHERE source_query_id = ? AND origin = 'FEEDBACK'")) {
      ps.setObject(1, sourceQueryId);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StoreException("remove the approved example", e);
    }
  }

  /** A short name for listings: the question's first words. */
  private static String exampleName(String question) {
    String oneLine = question.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= NAME_LENGTH
        ? oneLine
        : oneLine.substring(0, NAME_LENGTH - 1).strip() + "…";
  }

  private static QueryTemplate map(ResultSet rs) throws SQLException {
    return new QueryTemplate(
        rs.getLong("id"),
        rs.getString("data_source_id"),
        rs.getString("name"),
        rs.getString("example_question"),
        rs.getString("sql"),
        rs.getString("description"),
        QueryTemplate.Origin.valueOf(rs.getString("origin")),
        rs.getObject("source_query_id", UUID.class));
  }
}
