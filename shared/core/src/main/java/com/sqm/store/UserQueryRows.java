package com.sqm.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.model.AIAnalysis;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.SqlAttempt;
import com.sqm.model.TokenUsage;
import com.sqm.model.UserQuery;
import com.sqm.model.Visualization;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Converts between {@code user_query} rows (with their JSON columns) and {@link UserQuery}. */
final class UserQueryRows {
  private static final TypeReference<Map<String, Long>> TIMINGS = new TypeReference<>() {};
  private static final TypeReference<List<SqlAttempt>> ATTEMPTS = new TypeReference<>() {};
  private static final TypeReference<LinkedHashMap<String, TokenUsage>> STAGE_USAGE =
      new TypeReference<>() {};

  private final ObjectMapper json;

  UserQueryRows(ObjectMapper json) {
    this.json = json;
  }

  int jsonBytes(Object value) {
    try {
      return json.writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  UserQuery map(ResultSet rs) throws SQLException {
    String errorCode = rs.getString("error_code");
    QueryError error =
        errorCode == null
            ? null
            : new QueryError(
                ErrorCode.valueOf(errorCode),
                rs.getString("error_message"),
                rs.getString("error_field"));
    Map<String, Long> timings = fromJson(rs.getString("stage_timings"), TIMINGS);
    return new UserQuery(
        rs.getObject("id", UUID.class),
        rs.getString("user_id"),
        rs.getString("question"),
        rs.getString("data_source_id"),
        fromJson(rs.getString("options"), QueryOptions.class),
        QueryStatus.valueOf(rs.getString("status")),
        QueryStage.valueOf(rs.getString("stage")),
        fromJson(rs.getString("analysis"), AIAnalysis.class),
        rs.getString("generated_sql"),
        fromJson(rs.getString("result"), DataResult.class),
        rs.getString("summary"),
        fromJson(rs.getString("visualization"), Visualization.class),
        error,
        rs.getInt("attempts"),
        rs.getString("idempotency_key"),
        timings == null ? Map.of() : new LinkedHashMap<>(timings),
        new TokenUsage(
            rs.getLong("prompt_tokens"),
            rs.getLong("completion_tokens"),
            rs.getBigDecimal("estimated_cost_usd").doubleValue()),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "completed_at"),
        rs.getString("engine"),
        fromJson(rs.getString("sql_attempts"), ATTEMPTS),
        inStageOrder(fromJson(rs.getString("stage_usage"), STAGE_USAGE)),
        rs.getString("instructions"),
        rs.getObject("parent_query_id", UUID.class),
        rs.getInt("drafts"),
        rs.getString("interpretation"),
        rs.getString("callback_url"));
  }

  /** jsonb orders keys by length; callers read the stages in the order the pipeline runs them. */
  private static Map<String, TokenUsage> inStageOrder(Map<String, TokenUsage> usage) {
    if (usage == null || usage.isEmpty()) {
      return Map.of();
    }
    Map<String, TokenUsage> ordered = new LinkedHashMap<>();
    for (QueryStage stage : QueryStage.values()) {
      TokenUsage spent = usage.get(stage.name());
      if (spent != null) {
        ordered.put(stage.name(), spent);
      }
    }
    usage.forEach(ordered::putIfAbsent);
    return Collections.unmodifiableMap(ordered);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  private <T> T fromJson(String value, Class<T> type) {
    try {
      return value == null ? null : json.readValue(value, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable", e);
    }
  }

  private <T> T fromJson(String value, TypeReference<T> type) {
    try {
      return value == null ? null : json.readValue(value, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not readable", e);
    }
  }
}
