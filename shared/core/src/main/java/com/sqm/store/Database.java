package com.sqm.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.AppConfig;
import com.sqm.config.Json;
import com.sqm.secret.SecretReference;
import com.sqm.secret.SecretStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/** Builds the connection pool of the query store: small, quick to give up, and lazy to connect. */
public final class Database {
  private Database() {}

  /**
   * A pool of at most {@code dbPoolSize} connections (a Lambda container serves one request at a
   * time). It does not connect until first used, so a cold start never fails on a slow database and
   * the health check can report it DOWN instead.
   */
  public static HikariDataSource pool(AppConfig config) {
    return pool(config, config.dbPassword());
  }

  /** As {@link #pool(AppConfig)}, logging in with {@code password} (see {@link #password}). */
  public static HikariDataSource pool(AppConfig config, String password) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("sqm-store");
    hikari.setJdbcUrl(config.dbUrl());
    hikari.setUsername(config.dbUser());
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(Math.max(1, config.dbPoolSize()));
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(config.dbConnectTimeout().toMillis());
    hikari.setValidationTimeout(1_000);
    hikari.setIdleTimeout(60_000);
    hikari.setMaxLifetime(300_000);
    hikari.setInitializationFailTimeout(-1);
    hikari.addDataSourceProperty("connectTimeout", "3");
    // Well under the functions' 30 s timeout: a hung connection becomes an error the worker
    // retries and records, not a function timeout that leaves the query PROCESSING.
    hikari.addDataSourceProperty("socketTimeout", "10");
    hikari.addDataSourceProperty("ApplicationName", "sqm");
    // Postgres' DETAIL ("Failing row contains (...)") would put questions and results into
    // exception messages, and from there into logs.
    hikari.addDataSourceProperty("logServerErrorDetail", "false");
    return new HikariDataSource(hikari);
  }

  /**
   * Opens single connections to the store outside the pool, for {@link PostgresQueryChanges}: its
   * connection stays LISTENing for as long as requests wait, so it must not hold a pooled one.
   * Through RDS Proxy a LISTEN pins its connection to one database connection, which is what it
   * needs.
   */
  public static PostgresQueryChanges.Connector listenerConnector(
      AppConfig config, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", config.dbUser());
    properties.setProperty("password", password);
    properties.setProperty("ApplicationName", LISTENER_APPLICATION_NAME);
    // PgJDBC counts whole seconds; the pool's wait for a connection bounds this one too.
    properties.setProperty(
        "connectTimeout",
        String.valueOf(Math.max(1, (config.dbConnectTimeout().toMillis() + 999) / 1000)));
    // Each read of notifications sets its own, shorter timeout; this bounds the checks.
    properties.setProperty("socketTimeout", "10");
    properties.setProperty("tcpKeepAlive", "true");
    properties.setProperty("logServerErrorDetail", "false");
    String url = config.dbUrl();
    return () -> DriverManager.getConnection(url, properties);
  }

  /** The application name of the progress listener's connection (see pg_stat_activity). */
  public static final String LISTENER_APPLICATION_NAME = "sqm-progress-listener";

  /**
   * The password {@code SQM_DB_PASSWORD} stands for: the value itself, or the secret a {@code
   * secret:NAME-OR-ARN} reference names (read from the store {@code secrets} gives). A secret
   * holding a JSON object, as the master secret RDS manages does ({@code {"username": ...,
   * "password": ...}}), gives its {@code password} field.
   *
   * @throws IllegalStateException when the secret cannot be read or is a JSON object without a
   *     password; the message never holds the secret's value
   */
  public static String password(AppConfig config, Supplier<SecretStore> secrets) {
    String value =
        SecretReference.resolve("SQM_DB_PASSWORD", Optional.of(config.dbPassword()), secrets)
            .orElse("");
    if (!config.dbPassword().strip().startsWith(SecretReference.PREFIX) || !value.startsWith("{")) {
      return value;
    }
    try {
      JsonNode password = Json.mapper().readTree(value).path("password");
      if (!password.isTextual()) {
        throw new IllegalStateException(
            "SQM_DB_PASSWORD refers to a JSON secret without a \"password\" field");
      }
      return password.asText();
    } catch (JsonProcessingException e) {
      // Not JSON after all: a password that happens to start with a brace.
      return value;
    }
  }
}
