package com.sqm.local.runtime;

import com.sqm.embedded.DemoShopDataset;
import com.sqm.model.SqmException;
import com.sqm.store.Migrations;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Deque;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@code ./sqm dev --external}: checks the services {@link ExternalServices} names, migrates the
 * query store there and seeds the demo shop into {@value DemoShopDataset#DATABASE} on the same
 * Postgres; starts nothing.
 */
final class ExternalRuntimeServices {
  private static final Logger log = LoggerFactory.getLogger(ExternalRuntimeServices.class);

  private ExternalRuntimeServices() {}

  static LocalRuntime.Services connect(
      ExternalServices external,
      LocalRuntimeOptions options,
      DataDirectory dir,
      LocalWorkerSettings worker,
      Deque<AutoCloseable> resources) {
    log.info("using external services; starting none");
    DataSource app = dataSource(external, external.databaseUrl());
    checkReachable(app);
    Migrations.migrate(app);
    DemoDataSource demo = demo(external, dir);

    checkRedis(external);
    SqsClient pollingSqs =
        LocalRuntime.push(resources, LocalRuntime.pollingClient(endpoint(external)));
    String queueArn = queueArn(pollingSqs, external.queueUrl(), ExternalServices.QUEUE_URL);
    String intakeUrl = external.intakeQueueUrl().orElse(null);
    String intakeArn = null;
    if (intakeUrl != null) {
      intakeArn = queueArn(pollingSqs, intakeUrl, ExternalServices.INTAKE_QUEUE_URL);
    } else if (external.defaultIntakeQueueUrl().isPresent()) {
      intakeUrl = external.defaultIntakeQueueUrl().get();
      intakeArn = optionalQueueArn(pollingSqs, intakeUrl);
    }
    if (intakeArn == null) {
      intakeUrl = null;
      log.info("no intake queue (set {} to poll one)", ExternalServices.INTAKE_QUEUE_URL);
    }

    Map<String, String> settings =
        LocalRuntime.functionSettings(
            options.environment(),
            new LocalRuntime.FunctionWiring(
                external.databaseUrl(),
                external.databasePassword(),
                worker.databasePoolSize(),
                external.sqsEndpoint(),
                external.queueUrl(),
                external.redisUrl(),
                external.redisPassword().orElse(null)));
    settings.put(ExternalServices.DB_USER, external.databaseUser());
    if (external.redisPassword().isEmpty()) {
      settings.remove(ExternalServices.REDIS_PASSWORD);
    }
    String region = options.environment().get("AWS_REGION");
    if (region != null && !region.isBlank()) {
      settings.put("AWS_REGION", region.strip());
    }
    return new LocalRuntime.Services(
        settings,
        demo,
        pollingSqs,
        external.sqsEndpoint(),
        external.queueUrl(),
        queueArn,
        null,
        intakeUrl,
        intakeArn,
        external.databaseUrl(),
        external.redisUrl(),
        0,
        0);
  }

  /**
   * The demo shop in {@value DemoShopDataset#DATABASE} next to the query store, created and seeded
   * with the given credentials; null (and a warning) when they may not.
   */
  private static DemoDataSource demo(ExternalServices external, DataDirectory dir) {
    try {
      createDatabaseIfMissing(
          dataSource(external, external.databaseUrl()), DemoShopDataset.DATABASE);
      String url = external.databaseUrl(DemoShopDataset.DATABASE);
      return DemoDataSource.prepare(dataSource(external, url), url, dir);
    } catch (SQLException | IllegalStateException | SqmException e) {
      log.warn(
          "no demo data source: could not prepare database {} as {}: {}",
          DemoShopDataset.DATABASE,
          ExternalServices.DB_USER,
          e.getMessage());
      return null;
    }
  }

  private static void createDatabaseIfMissing(DataSource server, String database)
      throws SQLException {
    try (Connection c = server.getConnection()) {
      try (PreparedStatement exists =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, database);
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + database);
      }
    }
  }

  private static DataSource dataSource(ExternalServices external, String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    ds.setUser(external.databaseUser());
    ds.setPassword(external.databasePassword());
    ds.setConnectTimeout(5);
    return ds;
  }

  private static void checkReachable(DataSource app) {
    try (Connection c = app.getConnection()) {
      c.isValid(5);
    } catch (SQLException e) {
      throw new LocalStartupException(
          "cannot connect to the Postgres of "
              + ExternalServices.DB_URL
              + " as "
              + ExternalServices.DB_USER
              + " (is it running? docker compose up -d): "
              + e.getMessage(),
          e);
    }
  }

  private static void checkRedis(ExternalServices external) {
    try (Jedis redis = new Jedis(URI.create(external.redisUrl()))) {
      if (external.redisPassword().isPresent()) {
        redis.auth(external.redisPassword().get());
      }
      redis.ping();
    } catch (JedisException | IllegalArgumentException e) {
      throw new LocalStartupException(
          "cannot reach the Redis of "
              + ExternalServices.REDIS_URL
              + " with "
              + ExternalServices.REDIS_PASSWORD
              + " (is it running? docker compose up -d): "
              + e.getMessage(),
          e);
    }
  }

  private static URI endpoint(ExternalServices external) {
    try {
      return URI.create(external.sqsEndpoint());
    } catch (IllegalArgumentException e) {
      throw new LocalStartupException(ExternalServices.SQS_ENDPOINT + " is not a URL", e);
    }
  }

  /** The queue's ARN, or null when there is no such queue. */
  private static String optionalQueueArn(SqsClient sqs, String queueUrl) {
    try {
      return sqs.getQueueAttributes(
              r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes()
          .get(QueueAttributeName.QUEUE_ARN);
    } catch (QueueDoesNotExistException e) {
      return null;
    }
  }

  private static String queueArn(SqsClient sqs, String queueUrl, String variable) {
    try {
      return sqs.getQueueAttributes(
              r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes()
          .get(QueueAttributeName.QUEUE_ARN);
    } catch (SdkException e) {
      throw new LocalStartupException(
          "cannot reach the queue of "
              + variable
              + " at "
              + ExternalServices.SQS_ENDPOINT
              + " (is LocalStack running, and did its init script create the queue?): "
              + e.getMessage(),
          e);
    }
  }
}
