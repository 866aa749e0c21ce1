package com.sqm.testing;

import com.sqm.config.AppConfig;
import com.sqm.config.CoreComponents;
import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.queue.SqsQueryQueue;
import com.sqm.store.Migrations;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Real services for one test class: its own migrated database and its own queue on the shared
 * embedded Postgres, ElasticMQ and Redis, wired through {@link CoreComponents} exactly as in
 * Lambda. The data sources {@code demo} (enabled) and {@code legacy-billing} (disabled) are
 * registered.
 */
public final class TestEnvironment implements AutoCloseable {
  public static final String DEMO = "demo";
  public static final String DISABLED = "legacy-billing";

  private final String name;
  private final AppConfig config;
  private final CoreComponents components;
  private final SqsClient sqs;

  private TestEnvironment(String name, AppConfig config) {
    this.name = name;
    this.config = config;
    this.components = CoreComponents.create(config);
    this.sqs = SqsQueryQueue.client(config);
  }

  /** A fresh environment named {@code name} (lower-case identifier, unique per test class). */
  public static TestEnvironment create(String name) {
    return create(name, Map.of());
  }

  /**
   * As {@link #create(String)}, with settings overridden (e.g. {@code SQM_QUEUE_URL} of a dead
   * queue).
   */
  public static TestEnvironment create(String name, Map<String, String> overrides) {
    SharedTestServices.postgres().createDatabaseIfMissing(name);
    Map<String, String> env = new HashMap<>(baseSettings(name));
    env.putAll(overrides);
    AppConfig config = AppConfig.from(env);
    TestEnvironment environment = new TestEnvironment(name, config);
    environment.prepare(
        !overrides.containsKey("SQM_QUEUE_URL") && !overrides.containsKey("SQM_SQS_ENDPOINT"));
    return environment;
  }

  /**
   * Components wired to the given (possibly unreachable) services, with no database, queue or data
   * source prepared: for tests of what happens when a dependency is down.
   */
  public static TestEnvironment createUnmigrated(String name, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>(baseSettings(name));
    env.putAll(overrides);
    return new TestEnvironment(name, AppConfig.from(env));
  }

  /**
   * Settings for {@link #createUnmigrated} of a store where nothing listens. The pool gives up
   * after its shortest wait (250 ms) instead of the deployed 3 s: nothing will answer either way.
   */
  public static Map<String, String> unreachableStore() {
    return Map.of(
        "SQM_DB_URL",
        "jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/sqm",
        "SQM_DB_CONNECT_TIMEOUT_MS",
        "250");
  }

  private static Map<String, String> baseSettings(String name) {
    URI sqsEndpoint = SharedTestServices.sqs().endpoint();
    Map<String, String> env = new HashMap<>();
    env.put("SQM_DB_URL", SharedTestServices.postgres().jdbcUrl(name));
    env.put("SQM_DB_USER", "postgres");
    env.put("SQM_SQS_ENDPOINT", sqsEndpoint.toString());
    env.put("SQM_QUEUE_URL", sqsEndpoint + "/000000000000/" + name);
    env.put("SQM_REDIS_URL", SharedTestServices.redis().url());
    // Off: test classes share one Redis, and a user's submits would add up across them. The rate
    // limit's own tests turn it on.
    env.put("SQM_SUBMIT_RATE_PER_MINUTE", "0");
    env.put("SQM_ADMIN_SUBMIT_RATE_PER_MINUTE", "0");
    env.put("AWS_REGION", "us-east-1");
    return env;
  }

  /** An SQS client and queue pointed at a loopback port where nothing listens. */
  public record DeadQueue(SqsClient client, SqsQueryQueue queue) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  /** A queue whose endpoint is down, for tests of what callers do when sending fails. */
  public static DeadQueue deadQueue() {
    return queueAt("http://127.0.0.1:" + FreePort.find());
  }

  /**
   * A queue served by {@code endpoint}, e.g. a socket that accepts connections but never answers.
   */
  public static DeadQueue queueAt(String endpoint) {
    AppConfig config =
        AppConfig.from(
            Map.of(
                "SQM_DB_URL",
                "jdbc:postgresql://unused/x",
                "SQM_QUEUE_URL",
                endpoint + "/000000000000/q",
                "SQM_SQS_ENDPOINT",
                endpoint));
    SqsClient client = SqsQueryQueue.client(config);
    return new DeadQueue(client, new SqsQueryQueue(client, config.queueUrl()));
  }

  private void prepare(boolean createQueue) {
    if (createQueue) {
      sqs.createQueue(b -> b.queueName(name));
    }
    Migrations.migrate(components.database());
    components
        .dataSources()
        .upsert(
            new DataSourceConfig(
                DEMO,
                "Demo shop",
                "Orders, products and customers",
                "embedded:demo",
                List.of("public"),
                true,
                DataSourceLimits.DEFAULTS));
    components
        .dataSources()
        .upsert(
            new DataSourceConfig(
                DISABLED,
                "Legacy billing",
                "Retired",
                "embedded:legacy",
                List.of("public"),
                false,
                DataSourceLimits.DEFAULTS));
    // Granted to everyone, so a non-admin's question is refused for what a test is about (an
    // unknown id, a disabled source), not for a missing grant.
    components.grants().grant(DEMO, Caller.EVERYONE, "test");
    components.grants().grant(DISABLED, Caller.EVERYONE, "test");
  }

  public AppConfig config() {
    return config;
  }

  public CoreComponents components() {
    return components;
  }

  public SqsClient sqs() {
    return sqs;
  }

  /**
   * Waits up to a few seconds for messages on this environment's queue, deleting what it receives.
   */
  public List<Message> receiveMessages() {
    List<Message> messages =
        sqs.receiveMessage(
                b -> b.queueUrl(config.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(2))
            .messages();
    messages.forEach(
        m ->
            sqs.deleteMessage(b -> b.queueUrl(config.queueUrl()).receiptHandle(m.receiptHandle())));
    return messages;
  }

  /**
   * One message from this environment's queue, waiting up to a few seconds, left on the queue (in
   * flight) for the test to act on with its receipt handle.
   */
  public Message receiveWithoutDeleting() {
    List<Message> messages =
        sqs.receiveMessage(
                b -> b.queueUrl(config.queueUrl()).maxNumberOfMessages(1).waitTimeSeconds(2))
            .messages();
    if (messages.isEmpty()) {
      throw new IllegalStateException("no message arrived on " + config.queueUrl());
    }
    return messages.get(0);
  }

  /** Messages currently on the queue, without waiting. */
  public List<Message> pollMessagesNow() {
    List<Message> messages =
        sqs.receiveMessage(
                b -> b.queueUrl(config.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(0))
            .messages();
    messages.forEach(
        m ->
            sqs.deleteMessage(b -> b.queueUrl(config.queueUrl()).receiptHandle(m.receiptHandle())));
    return messages;
  }

  public long countQueries() {
    return queryLong("SELECT count(*) FROM user_query");
  }

  public String statusOf(UUID id) {
    try (Connection c = components.database().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT status FROM user_query WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores a query with a chosen id (fixtures carry fixed ids), as the submit path would. */
  public void insertQuery(UUID id, String userId, String question) {
    try (Connection c = components.database().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO user_query (id, user_id, question, data_source_id) VALUES (?, ?, ?, 'demo')")) {
      ps.setObject(1, id);
      ps.setString(2, userId);
      ps.setString(3, question);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The audit rows of {@code actor}, oldest first, as "ACTION OUTCOME ERROR_CODE" lines. */
  public List<String> auditOf(String actor) {
    List<String> rows = new ArrayList<>();
    try (Connection c = components.database().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT action, outcome, error_code FROM audit_log WHERE actor = ? ORDER BY id")) {
      ps.setString(1, actor);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String code = rs.getString(3);
          rows.add(rs.getString(1) + " " + rs.getString(2) + (code == null ? "" : " " + code));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** Empties the query table (between tests of one class). */
  public void deleteAllQueries() {
    execute("DELETE FROM user_query");
  }

  public void execute(String sql) {
    try (Connection c = components.database().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long queryLong(String sql) {
    try (Connection c = components.database().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    sqs.close();
    components.close();
  }
}
