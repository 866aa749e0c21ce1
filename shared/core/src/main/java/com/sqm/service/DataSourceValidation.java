package com.sqm.service;

import com.sqm.api.ApiRequest;
import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.DataSourceRequest;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.model.TemplateRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what an admin sends about data sources, templates and grants; every problem is a
 * VALIDATION_ERROR naming the field.
 */
public final class DataSourceValidation {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 2000;
  static final int MAX_SCHEMAS = 50;
  static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  /** Secret names and ARNs: letters, digits and {@code /_+=.@:-} (Secrets Manager's alphabet). */
  static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,512}");

  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  static final int MAX_TEMPLATE_QUESTION = 2000;
  static final int MAX_TEMPLATE_SQL = 20_000;
  static final long MIN_TIMEOUT_MS = 100;
  static final long MAX_TIMEOUT_MS = 300_000;
  static final long MIN_RESULT_BYTES = 1024;
  static final long MAX_RESULT_BYTES = 64L * 1024 * 1024;
  static final double MAX_COST = 1e12;

  private DataSourceValidation() {}

  static String id(String raw, String field) {
    if (raw == null || !ID.matcher(raw).matches()) {
      throw invalid(
          field,
          field + " must be 1 to 100 letters, digits and . _ -, starting with a letter or digit");
    }
    return raw;
  }

  /** The data source {@code request} describes, with id {@code id}. */
  static DataSourceConfig dataSource(String id, DataSourceRequest request) {
    if (request == null) {
      throw new SqmException(ErrorCode.INVALID_JSON, "a JSON request body is required", null);
    }
    return new DataSourceConfig(
        id,
        text(request.name(), "name", MAX_NAME, true),
        text(request.description(), "description", MAX_DESCRIPTION, false),
        connectionRef(request.connectionRef()),
        schemas(request.allowedSchemas()),
        request.enabled() == null || request.enabled(),
        limits(request.limits()));
  }

  /**
   * A reference, never a credential: {@code secret:NAME} (a Secrets Manager name or ARN, or a
   * secret of the local store) or {@code env:VAR}. A JDBC URL is taken only without a password.
   */
  static String connectionRef(String raw) {
    String field = "connectionRef";
    if (raw == null || raw.isBlank()) {
      throw invalid(field, "connectionRef is required: secret:NAME or env:VAR");
    }
    String ref = raw.strip();
    if (ref.startsWith("secret:")) {
      if (!SECRET_NAME.matcher(ref.substring("secret:".length())).matches()) {
        throw invalid(
            field, "connectionRef secret:NAME needs a name of letters, digits and /_+=.@:-");
      }
      return ref;
    }
    if (ref.startsWith("env:")) {
      if (!ENV_NAME.matcher(ref.substring("env:".length())).matches()) {
        throw invalid(field, "connectionRef env:VAR needs an environment variable name");
      }
      return ref;
    }
    if (ref.startsWith("jdbc:postgresql://")) {
      if (carriesCredential(ref)) {
        // Not echoed back: the message must not repeat the password it refuses.
        throw invalid(
            field,
            "connectionRef must not carry a password; store the URL as a secret and send"
                + " secret:NAME");
      }
      if (ref.chars().anyMatch(Character::isISOControl) || ref.length() > 2000) {
        throw invalid(field, "connectionRef is not a usable JDBC URL");
      }
      return ref;
    }
    throw invalid(field, "connectionRef must be secret:NAME or env:VAR");
  }

  private static boolean carriesCredential(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    String authority = lower.substring("jdbc:postgresql://".length()).split("[/?]", 2)[0];
    return authority.contains("@") || lower.matches(".*[?&](password|sslpassword|sslkey)=.*");
  }

  static List<String> schemas(List<String> raw) {
    if (raw == null || raw.isEmpty()) {
      return List.of("public");
    }
    if (raw.size() > MAX_SCHEMAS) {
      throw invalid("allowedSchemas", "allowedSchemas may list at most " + MAX_SCHEMAS);
    }
    Set<String> seen = new HashSet<>();
    List<String> schemas = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String schema = raw.get(i);
      String field = "allowedSchemas[" + i + "]";
      if (schema == null || !SCHEMA.matcher(schema).matches()) {
        throw invalid(field, field + " must be a schema name (letters, digits, _ and $)");
      }
      if (!seen.add(schema)) {
        throw invalid(field, field + " repeats schema '" + schema + "'");
      }
      schemas.add(schema);
    }
    return List.copyOf(schemas);
  }

  static DataSourceLimits limits(DataSourceRequest.Limits raw) {
    DataSourceLimits d = DataSourceLimits.DEFAULTS;
    if (raw == null) {
      return d;
    }
    long timeout =
        range(
            raw.statementTimeoutMs(),
            d.statementTimeoutMs(),
            MIN_TIMEOUT_MS,
            MAX_TIMEOUT_MS,
            "limits.statementTimeoutMs");
    long rows =
        range(
            raw.maxRows() == null ? null : raw.maxRows().longValue(),
            d.maxRows(),
            1,
            DataSourceLimits.HARD_MAX_ROWS,
            "limits.maxRows");
    long bytes =
        range(
            raw.maxResultBytes(),
            d.maxResultBytes(),
            MIN_RESULT_BYTES,
            MAX_RESULT_BYTES,
            "limits.maxResultBytes");
    double cost = positive(raw.maxCost(), d.maxCost(), "limits.maxCost");
    double estimated =
        positive(raw.maxEstimatedRows(), d.maxEstimatedRows(), "limits.maxEstimatedRows");
    return new DataSourceLimits(timeout, (int) rows, bytes, cost, estimated);
  }

  private static long range(Long value, long fallback, long min, long max, String field) {
    if (value == null) {
      return fallback;
    }
    if (value < min || value > max) {
      throw invalid(field, field + " must be between " + min + " and " + max);
    }
    return value;
  }

  private static double positive(Double value, double fallback, String field) {
    if (value == null) {
      return fallback;
    }
    if (!(value > 0) || value > MAX_COST) {
      throw invalid(field, field + " must be greater than 0 and at most " + (long) MAX_COST);
    }
    return value;
  }

  static TemplateRequest template(TemplateRequest request) {
    if (request == null) {
      throw new SqmException(ErrorCode.INVALID_JSON, "a JSON request body is required", null);
    }
    String sql = request.sql() == null ? null : request.sql().strip();
    if (sql == null || sql.isEmpty()) {
      throw invalid("sql", "sql is required");
    }
    if (sql.length() > MAX_TEMPLATE_SQL) {
      throw invalid("sql", "sql must be at most " + MAX_TEMPLATE_SQL + " characters");
    }
    if (sql.indexOf('\0') >= 0) {
      throw invalid("sql", "sql must not contain NUL characters");
    }
    return new TemplateRequest(
        text(request.name(), "name", MAX_NAME, true),
        multiline(request.exampleQuestion(), "exampleQuestion", MAX_TEMPLATE_QUESTION),
        sql,
        text(request.description(), "description", MAX_DESCRIPTION, false));
  }

  /**
   * A grant principal: {@code user:<sub>}, {@code group:<name>} (each a usable id: not blank, at
   * most {@value ApiRequest#MAX_CALLER_ID_LENGTH} characters, no control characters) or {@code
   * everyone}.
   */
  public static String principal(String raw) {
    String field = "principal";
    if (Caller.EVERYONE.equals(raw)) {
      return raw;
    }
    String name = null;
    if (raw != null && raw.startsWith("user:")) {
      name = raw.substring("user:".length());
    } else if (raw != null && raw.startsWith("group:")) {
      name = raw.substring("group:".length());
    }
    if (name == null) {
      throw invalid(field, "principal must be user:<id>, group:<name> or everyone");
    }
    String problem = ApiRequest.callerIdProblem(name);
    if (problem != null || !name.equals(name.strip())) {
      throw invalid(
          field,
          "principal names no usable user or group: "
              + (problem == null ? "it has surrounding spaces" : problem));
    }
    return raw;
  }

  private static String text(String raw, String field, int max, boolean required) {
    if (raw == null || raw.isBlank()) {
      if (required) {
        throw invalid(field, field + " is required");
      }
      return null;
    }
    String value = raw.strip();
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw invalid(field, field + " must not contain control characters");
    }
    if (value.codePointCount(0, value.length()) > max) {
      throw invalid(field, field + " must be at most " + max + " characters");
    }
    return value;
  }

  private static String multiline(String raw, String field, int max) {
    if (raw == null || raw.isBlank()) {
      throw invalid(field, field + " is required");
    }
    String value = raw.strip();
    if (value
        .chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      throw invalid(field, field + " must not contain control characters");
    }
    if (value.codePointCount(0, value.length()) > max) {
      throw invalid(field, field + " must be at most " + max + " characters");
    }
    return value;
  }

  private static SqmException invalid(String field, String message) {
    return new SqmException(ErrorCode.VALIDATION_ERROR, message, field);
  }
}
