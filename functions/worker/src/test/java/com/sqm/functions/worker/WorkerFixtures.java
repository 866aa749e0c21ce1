package com.sqm.functions.worker;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.sqm.ai.QueryEngine;
import com.sqm.config.CoreComponents;
import com.sqm.config.Json;
import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.pipeline.AnswerPresenter;
import com.sqm.pipeline.EngineChoice;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.pipeline.QueryPipeline;
import com.sqm.pipeline.QuestionAnswerer;
import com.sqm.schema.SchemaCatalog;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.SqlGuard;
import com.sqm.store.QueryRepository;
import com.sqm.testing.TestEnvironment;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;

/** What the worker tests share: the SQS event of a query, the cache, counts in a test database. */
final class WorkerFixtures {
  private WorkerFixtures() {}

  /** The recorded SQS event fixture, carrying query {@code id}. */
  static SQSEvent eventFor(UUID id) {
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs-query-message.json");
    event.getRecords().get(0).setBody("{\"queryId\":\"" + id + "\"}");
    return event;
  }

  /** Empties the shared Redis, so no answer cached by another test is served. */
  static void flushCache() {
    try (JedisPooled jedis = new JedisPooled(URI.create(SharedTestServices.redis().url()))) {
      jedis.flushAll();
    }
  }

  /** The number {@code sql} counts in {@code database} of the shared Postgres. */
  static long countIn(String database, String sql) {
    try (Connection c =
            SharedTestServices.postgres().superuserDataSource(database).getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The worker's pipeline on {@code core}'s store, with {@code engine} answering offline. */
  static QueryPipeline pipeline(
      CoreComponents core, QueryRepository queries, DataSourcePools pools, QueryEngine engine) {
    QuestionAnswerer answerer =
        new QuestionAnswerer(
            new SchemaCatalog(new SchemaIntrospector(), Duration.ofMinutes(5), Clock.systemUTC()),
            pools,
            EngineChoice.of(engine),
            new SqlGuard(),
            new AnswerPresenter(),
            Clock.systemUTC());
    return new QueryPipeline(
        queries,
        core.dataSources(),
        core.templates(),
        answerer,
        core.cache(),
        Duration.ofMinutes(5),
        PipelineComponents.MAX_ATTEMPTS,
        Json.mapper());
  }

  /**
   * The wait before a handed-back query's retry passes: its lease, held through the backoff, lapses
   * now (the queue would deliver the message again a moment later).
   */
  static void letTheBackoffPass(TestEnvironment env, UUID id) {
    env.execute("UPDATE user_query SET lease_until = clock_timestamp() WHERE id = '" + id + "'");
  }

  /**
   * The demo shop seeded in {@code shopDatabase} of the shared Postgres (once), registered on
   * {@code env} as data source "demo".
   */
  static void registerDemoShop(TestEnvironment env, String shopDatabase) {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    if (postgres.createDatabaseIfMissing(shopDatabase)) {
      DemoShopDataset.seed(postgres.superuserDataSource(shopDatabase));
    }
    env.components()
        .dataSources()
        .upsert(
            new DataSourceConfig(
                "demo",
                "Demo shop",
                "Customers, products, orders",
                postgres.jdbcUrl(shopDatabase),
                List.of("public"),
                true,
                DataSourceLimits.DEFAULTS));
  }
}
