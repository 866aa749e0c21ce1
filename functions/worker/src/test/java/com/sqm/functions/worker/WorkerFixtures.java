package com.sqm.functions.worker;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.sqm.embedded.SharedTestServices;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
}
