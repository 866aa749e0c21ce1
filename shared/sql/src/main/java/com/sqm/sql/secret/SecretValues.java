package com.sqm.sql.secret;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads a secret's value as a JDBC URL: either the URL itself, or the JSON Secrets Manager keeps
 * for an RDS database ({@code engine, host, port, dbname, username, password}).
 */
public final class SecretValues {
  private SecretValues() {}

  /**
   * The JDBC URL (credentials in its parameters) {@code value} stands for.
   *
   * @throws SqmException DATASOURCE_ERROR naming {@code connectionRef}; the message names the
   *     secret, never its value
   */
  public static String jdbcUrl(String name, String value) {
    String text = value.strip();
    if (text.startsWith("jdbc:postgresql://")) {
      return text;
    }
    if (!text.startsWith("{")) {
      throw unusable(name, "is neither a jdbc:postgresql:// URL nor RDS JSON");
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw unusable(name, "is not valid JSON");
    }
    String engine = json.path("engine").asText("postgres");
    if (!engine.startsWith("postgres")) {
      throw unusable(name, "is for engine " + engine + "; only postgres is supported");
    }
    String host = json.path("host").asText("");
    String user = json.path("username").asText("");
    String password = json.path("password").asText("");
    String database = json.path("dbname").asText("postgres");
    if (host.isBlank() || user.isBlank()) {
      throw unusable(name, "needs host and username");
    }
    int port = json.path("port").asInt(5432);
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(host)
            .append(':')
            .append(port)
            .append('/')
            .append(encode(database))
            .append("?user=")
            .append(encode(user));
    if (!password.isEmpty()) {
      url.append("&password=").append(encode(password));
    }
    return url.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static SqmException unusable(String name, String why) {
    return new SqmException(
        ErrorCode.DATASOURCE_ERROR, "secret '" + name + "' " + why, "connectionRef");
  }
}
