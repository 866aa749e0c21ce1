package com.sqm.embedded;

/**
 * One embedded Postgres, ElasticMQ and Redis per test JVM, started on first use and stopped at
 * exit, so integration tests share their start-up cost. Each test makes its own database or queue.
 */
public final class SharedTestServices {
  private static EmbeddedPostgresServer postgres;
  private static EmbeddedSqsServer sqs;
  private static EmbeddedRedisServer redis;

  private SharedTestServices() {}

  public static synchronized EmbeddedPostgresServer postgres() {
    if (postgres == null) {
      postgres = EmbeddedPostgresServer.start(null, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
    }
    return postgres;
  }

  public static synchronized EmbeddedSqsServer sqs() {
    if (sqs == null) {
      sqs = EmbeddedSqsServer.start(0);
      Runtime.getRuntime().addShutdownHook(new Thread(sqs::close));
    }
    return sqs;
  }

  public static synchronized EmbeddedRedisServer redis() {
    if (redis == null) {
      redis = EmbeddedRedisServer.start(null, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
    }
    return redis;
  }
}
