package com.sqm.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings of every function, read from the environment in Lambda and built by the local runner.
 * Secrets (database and Redis passwords, API keys) are held here but never logged: {@link
 * #toString()} masks them.
 */
public record AppConfig(
    String dbUrl,
    String dbUser,
    String dbPassword,
    int dbPoolSize,
    Duration dbConnectTimeout,
    String queueUrl,
    Optional<URI> sqsEndpoint,
    String awsRegion,
    Optional<String> redisUrl,
    Optional<String> redisPassword,
    Duration cacheTtl,
    String defaultDataSourceId,
    int maxQuestionLength,
    String engine,
    int submitsPerMinute,
    int adminSubmitsPerMinute,
    long dailyTokenBudget,
    int progressWaiters,
    IdentitySettings identity,
    EventSettings events,
    boolean lambdaContainer) {

  public static final int DEFAULT_MAX_QUESTION_LENGTH = 2_000;

  /**
   * How long a function waits for a store connection before answering STORE_UNAVAILABLE ({@code
   * SQM_DB_CONNECT_TIMEOUT_MS}; at least 250, the pool's minimum).
   */
  public static final Duration DEFAULT_DB_CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** The shortest connection wait HikariCP accepts. */
  static final long MIN_DB_CONNECT_TIMEOUT_MILLIS = 250;

  /** Questions one user may submit a minute (and at once); 0 turns the limit off. */
  public static final int DEFAULT_SUBMITS_PER_MINUTE = 60;

  /** Questions an admin may submit a minute; 0 turns the limit off. */
  public static final int DEFAULT_ADMIN_SUBMITS_PER_MINUTE = 300;

  /** Model tokens (prompt + completion) one user may spend a day (UTC); 0 turns it off. */
  public static final long DEFAULT_DAILY_TOKEN_BUDGET = 500_000;

  /**
   * Requests one process may hold waiting for a query's progress ({@code GET
   * /queries/{id}?wait=N}); past it they answer at once. A Lambda container serves one request at a
   * time; the local gateway serves many from one thread pool, and this leaves most of its threads
   * to other requests.
   */
  public static final int DEFAULT_PROGRESS_WAITERS = 16;

  /** Reads {@code SQM_*} variables (and {@code AWS_REGION}) from the process environment. */
  public static AppConfig fromEnvironment() {
    return from(System::getenv);
  }

  public static AppConfig from(Map<String, String> values) {
    return from(values::get);
  }

  public static AppConfig from(Function<String, String> env) {
    return new AppConfig(
        required(env, "SQM_DB_URL"),
        orDefault(env, "SQM_DB_USER", "postgres"),
        orDefault(env, "SQM_DB_PASSWORD", ""),
        Integer.parseInt(orDefault(env, "SQM_DB_POOL_SIZE", "2")),
        connectTimeout(env),
        required(env, "SQM_QUEUE_URL"),
        Optional.ofNullable(blankToNull(env.apply("SQM_SQS_ENDPOINT"))).map(URI::create),
        orDefault(env, "AWS_REGION", "us-east-1"),
        Optional.ofNullable(blankToNull(env.apply("SQM_REDIS_URL"))),
        Optional.ofNullable(blankToNull(env.apply("SQM_REDIS_PASSWORD"))),
        Duration.ofSeconds(Long.parseLong(orDefault(env, "SQM_CACHE_TTL_SECONDS", "300"))),
        orDefault(env, "SQM_DEFAULT_DATASOURCE", "demo"),
        Integer.parseInt(
            orDefault(env, "SQM_MAX_QUESTION_LENGTH", String.valueOf(DEFAULT_MAX_QUESTION_LENGTH))),
        orDefault(env, "SQM_ENGINE", "auto"),
        Integer.parseInt(
            orDefault(
                env, "SQM_SUBMIT_RATE_PER_MINUTE", String.valueOf(DEFAULT_SUBMITS_PER_MINUTE))),
        Integer.parseInt(
            orDefault(
                env,
                "SQM_ADMIN_SUBMIT_RATE_PER_MINUTE",
                String.valueOf(DEFAULT_ADMIN_SUBMITS_PER_MINUTE))),
        Long.parseLong(
            orDefault(env, "SQM_DAILY_TOKEN_BUDGET", String.valueOf(DEFAULT_DAILY_TOKEN_BUDGET))),
        Integer.parseInt(
            orDefault(env, "SQM_PROGRESS_WAITERS", String.valueOf(DEFAULT_PROGRESS_WAITERS))),
        IdentitySettings.from(env),
        EventSettings.from(env),
        // Set by Lambda itself: a container serves one request at a time and is frozen between.
        blankToNull(env.apply("AWS_LAMBDA_FUNCTION_NAME")) != null);
  }

  /** The pool's wait for a connection: Hikari takes 0 as "forever" and refuses under 250 ms. */
  private static Duration connectTimeout(Function<String, String> env) {
    long millis =
        Long.parseLong(
            orDefault(
                env,
                "SQM_DB_CONNECT_TIMEOUT_MS",
                String.valueOf(DEFAULT_DB_CONNECT_TIMEOUT.toMillis())));
    if (millis < MIN_DB_CONNECT_TIMEOUT_MILLIS) {
      throw new IllegalArgumentException(
          "SQM_DB_CONNECT_TIMEOUT_MS must be at least "
              + MIN_DB_CONNECT_TIMEOUT_MILLIS
              + " (milliseconds), not "
              + millis);
    }
    return Duration.ofMillis(millis);
  }

  private static String required(Function<String, String> env, String name) {
    String value = blankToNull(env.apply(name));
    if (value == null) {
      throw new IllegalStateException("missing required setting " + name);
    }
    return value;
  }

  private static String orDefault(Function<String, String> env, String name, String fallback) {
    String value = blankToNull(env.apply(name));
    return value == null ? fallback : value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "AppConfig[dbUrl="
        + maskPassword(dbUrl)
        + ", dbUser="
        + dbUser
        + ", dbPassword=****, queueUrl="
        + queueUrl
        + ", sqsEndpoint="
        + sqsEndpoint
        + ", awsRegion="
        + awsRegion
        + ", redis="
        + redisUrl.isPresent()
        + ", cacheTtl="
        + cacheTtl
        + ", defaultDataSourceId="
        + defaultDataSourceId
        + ", maxQuestionLength="
        + maxQuestionLength
        + ", engine="
        + engine
        + ", submitsPerMinute="
        + submitsPerMinute
        + ", adminSubmitsPerMinute="
        + adminSubmitsPerMinute
        + ", dailyTokenBudget="
        + dailyTokenBudget
        + ", progressWaiters="
        + progressWaiters
        + ", identity="
        + identity
        + ", events="
        + events
        + "]";
  }

  /** The URL with any {@code password=} parameter value replaced, for log lines and messages. */
  public static String maskPassword(String url) {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1****");
  }
}
