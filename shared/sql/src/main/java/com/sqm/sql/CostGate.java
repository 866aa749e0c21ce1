package com.sqm.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Third safety layer: asks the planner (EXPLAIN, never ANALYZE) and refuses plans above the limits.
 */
final class CostGate {
  /** The planner's estimate for the whole query. */
  record Estimate(double totalCost, double planRows) {}

  private final ObjectMapper json;

  CostGate(ObjectMapper json) {
    this.json = json;
  }

  Estimate check(Connection connection, GuardedSql sql, DataSourceLimits limits)
      throws SQLException {
    Estimate estimate = explain(connection, sql);
    if (estimate.totalCost() > limits.maxCost()
        || estimate.planRows() > limits.maxEstimatedRows()) {
      throw new SqmException(
          ErrorCode.SQL_TOO_EXPENSIVE,
          String.format(
              Locale.ROOT,
              "estimated cost %.0f (limit %.0f) and estimated rows %.0f (limit %.0f): the query is too expensive",
              estimate.totalCost(),
              limits.maxCost(),
              estimate.planRows(),
              limits.maxEstimatedRows()),
          "sql");
    }
    return estimate;
  }

  private Estimate explain(Connection connection, GuardedSql sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setEscapeProcessing(false);
      try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + sql.sql())) {
        if (!rs.next()) {
          throw new SQLException("EXPLAIN returned no plan");
        }
        JsonNode plan = json.readTree(rs.getString(1)).path(0).path("Plan");
        if (!plan.has("Total Cost") || !plan.has("Plan Rows")) {
          throw new SQLException("EXPLAIN returned an unexpected plan");
        }
        return new Estimate(plan.get("Total Cost").asDouble(), plan.get("Plan Rows").asDouble());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("EXPLAIN returned unreadable JSON", e);
      }
    }
  }
}
