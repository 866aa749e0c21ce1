package com.sqm.store;

import com.sqm.config.AppConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the connection pool of the query store: small, quick to give up, and lazy to connect. */
public final class Database {
  private Database() {}

  /**
   * A pool of at most {@code dbPoolSize} connections (a Lambda container serves one request at a
   * time). It does not connect until first used, so a cold start never fails on a slow database and
   * the health check can report it DOWN instead.
   */
  public static HikariDataSource pool(AppConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("sqm-store");
    hikari.setJdbcUrl(config.dbUrl());
    hikari.setUsername(config.dbUser());
    hikari.setPassword(config.dbPassword());
    hikari.setMaximumPoolSize(Math.max(1, config.dbPoolSize()));
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(3_000);
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
}
