package com.sqm.config;

import com.sqm.cache.NoOpResultCache;
import com.sqm.cache.RedisEndpoint;
import com.sqm.cache.RedisRateLimiter;
import com.sqm.cache.RedisResultCache;
import com.sqm.cache.ResultCache;
import com.sqm.events.CompletionEvents;
import com.sqm.events.EventBridgeCompletionEvents;
import com.sqm.queue.QueryQueue;
import com.sqm.queue.SqsQueryQueue;
import com.sqm.secret.SecretReference;
import com.sqm.secret.SecretStore;
import com.sqm.secret.SecretStores;
import com.sqm.service.AuditService;
import com.sqm.service.CompletionEventService;
import com.sqm.service.CorrectedSqlVerifier;
import com.sqm.service.DailyTokenBudget;
import com.sqm.service.DataSourceAccess;
import com.sqm.service.DataSourceAdminService;
import com.sqm.service.DataSourceChecks;
import com.sqm.service.FeedbackService;
import com.sqm.service.HealthService;
import com.sqm.service.QueryReadService;
import com.sqm.service.RateLimiter;
import com.sqm.service.SubmitQueryService;
import com.sqm.service.SweeperService;
import com.sqm.service.TokenBudget;
import com.sqm.store.AuditLog;
import com.sqm.store.AuditRepository;
import com.sqm.store.CompletionEventRepository;
import com.sqm.store.DataSourceGrantRepository;
import com.sqm.store.DataSourceRepository;
import com.sqm.store.Database;
import com.sqm.store.FeedbackRepository;
import com.sqm.store.JdbcAuditRepository;
import com.sqm.store.JdbcCompletionEventRepository;
import com.sqm.store.JdbcDataSourceGrantRepository;
import com.sqm.store.JdbcDataSourceRepository;
import com.sqm.store.JdbcFeedbackRepository;
import com.sqm.store.JdbcOutboxRepository;
import com.sqm.store.JdbcQueryRepository;
import com.sqm.store.JdbcQueryTemplateRepository;
import com.sqm.store.JdbcTokenUsageRepository;
import com.sqm.store.OutboxRepository;
import com.sqm.store.PerWaitQueryChanges;
import com.sqm.store.PostgresQueryChanges;
import com.sqm.store.QueryChanges;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryTemplateRepository;
import com.sqm.webhook.WebhookSender;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import redis.clients.jedis.JedisPooled;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The shared object graph of every function: connection pool, SQS and Redis clients, repositories
 * and services, each built once. Creating it connects to nothing and migrates nothing.
 */
public final class CoreComponents implements AutoCloseable {
  private final AppConfig config;
  private final HikariDataSource pool;
  private final SqsClient sqs;
  private final ResultCache cache;
  private final QueryRepository queries;
  private final QueryChanges queryChanges;
  private final DataSourceRepository dataSources;
  private final QueryTemplateRepository templates;
  private final DataSourceGrantRepository grants;
  private final DataSourceAccess dataSourceAccess;
  private final FeedbackRepository feedback;
  private final OutboxRepository outbox;
  private final QueryQueue queue;
  private final SubmitQueryService submitService;
  private final QueryReadService readService;
  private final HealthService healthService;
  private final AuditRepository audit;
  private final AuditService auditService;
  private final TokenBudget tokenBudget;
  private final CompletionEventRepository completionEvents;
  // Built on first use: only the worker and the sweeper publish.
  private EventBridgeClient eventBridge;
  private final Supplier<SecretStore> secrets;

  /**
   * How long the progress listener keeps its connection with no request waiting: a page polling
   * with {@code ?wait=} in a loop reuses it, an idle container lets it go (through RDS Proxy it
   * holds a pinned connection).
   */
  private static final Duration LISTENER_LINGER = Duration.ofSeconds(60);

  private CoreComponents(AppConfig config, Supplier<SecretStore> secrets) {
    this.config = config;
    this.secrets = secrets;
    // Read first: a secret that cannot be read stops the container before anything is built.
    Optional<String> redisPassword =
        config.redisUrl().isPresent()
            ? SecretReference.resolve("SQM_REDIS_PASSWORD", config.redisPassword(), secrets)
            : Optional.empty();
    String dbPassword = Database.password(config, secrets);
    this.pool = Database.pool(config, dbPassword);
    // Connects only when a request first waits.
    this.queryChanges =
        config.lambdaContainer()
            // Frozen between invocations: nothing may stay connected after an answer.
            ? new PerWaitQueryChanges(
                Database.listenerConnector(config, dbPassword),
                Math.max(0, config.progressWaiters()))
            : new PostgresQueryChanges(
                Database.listenerConnector(config, dbPassword),
                Math.max(0, config.progressWaiters()),
                LISTENER_LINGER);
    this.sqs = SqsQueryQueue.client(config);
    JedisPooled redis =
        config
            .redisUrl()
            .map(url -> RedisResultCache.client(RedisEndpoint.parse(url, redisPassword)))
            .orElse(null);
    this.cache = redis == null ? new NoOpResultCache() : new RedisResultCache(redis);
    RateLimiter submits = rateLimiter(redis, "submit", config.submitsPerMinute());
    // A bucket of their own: an admin's submits do not spend their users' allowance, or theirs.
    RateLimiter adminSubmits = rateLimiter(redis, "submit-admin", config.adminSubmitsPerMinute());
    this.queries = new JdbcQueryRepository(pool);
    this.audit = new JdbcAuditRepository(pool);
    this.tokenBudget =
        DailyTokenBudget.of(
            new JdbcTokenUsageRepository(pool), config.dailyTokenBudget(), Clock.systemUTC());
    this.dataSources = new JdbcDataSourceRepository(pool);
    this.templates = new JdbcQueryTemplateRepository(pool);
    this.grants = new JdbcDataSourceGrantRepository(pool);
    this.dataSourceAccess = new DataSourceAccess(dataSources, grants);
    this.feedback = new JdbcFeedbackRepository(pool);
    this.outbox = new JdbcOutboxRepository(pool);
    this.completionEvents = new JdbcCompletionEventRepository(pool);
    this.queue = new SqsQueryQueue(sqs, config.queueUrl());
    this.submitService =
        new SubmitQueryService(
            queries, dataSourceAccess, outbox, queue, submits, adminSubmits, audit, config);
    this.readService =
        new QueryReadService(queries, queryChanges, QueryReadService.DEFAULT_RECHECK_EVERY);
    this.auditService = new AuditService(audit);
    this.healthService = new HealthService(pool, queue, cache);
  }

  private static RateLimiter rateLimiter(JedisPooled redis, String name, int perMinute) {
    // Without Redis there is nowhere to keep a limit every function instance shares.
    return redis == null || perMinute <= 0
        ? RateLimiter.UNLIMITED
        : new RedisRateLimiter(redis, name, perMinute);
  }

  /**
   * The components of {@code config}; a {@code secret:} reference in {@code SQM_REDIS_PASSWORD} or
   * {@code SQM_DB_PASSWORD} is read from the secret store of the process environment ({@link
   * SecretStores#fromEnvironment}).
   */
  public static CoreComponents create(AppConfig config) {
    return create(config, () -> SecretStores.fromEnvironment(System::getenv));
  }

  /**
   * As {@link #create(AppConfig)}, reading a {@code secret:} reference in {@code
   * SQM_REDIS_PASSWORD} or {@code SQM_DB_PASSWORD} from the store {@code secrets} gives (asked only
   * for a reference).
   */
  public static CoreComponents create(AppConfig config, Supplier<SecretStore> secrets) {
    return new CoreComponents(config, secrets);
  }

  public AppConfig config() {
    return config;
  }

  public DataSource database() {
    return pool;
  }

  public QueryRepository queries() {
    return queries;
  }

  public DataSourceRepository dataSources() {
    return dataSources;
  }

  public QueryTemplateRepository templates() {
    return templates;
  }

  public DataSourceGrantRepository grants() {
    return grants;
  }

  /** Who may use which data source (questions and the list of data sources). */
  public DataSourceAccess dataSourceAccess() {
    return dataSourceAccess;
  }

  /**
   * The admin API's service on this graph's stores; {@code checks} connect to data sources and
   * guard template SQL (the SQL layers are not part of the core graph).
   */
  public DataSourceAdminService dataSourceAdminService(DataSourceChecks checks) {
    return new DataSourceAdminService(
        dataSources, templates, grants, dataSourceAccess, checks, audit);
  }

  public FeedbackRepository feedback() {
    return feedback;
  }

  /**
   * The feedback service on this graph's stores; {@code verifier} checks corrected SQL against the
   * data sources (the SQL layers are not part of the core graph).
   */
  public FeedbackService feedbackService(CorrectedSqlVerifier verifier) {
    return new FeedbackService(queries, dataSources, templates, feedback, verifier);
  }

  public OutboxRepository outbox() {
    return outbox;
  }

  /** The sweeper on this graph's outbox and queue, with {@code settings}. */
  public SweeperService sweeperService(SweeperService.Settings settings) {
    return new SweeperService(outbox, queue, settings);
  }

  /** The outbox of completion events (one per finished query). */
  public CompletionEventRepository completionEvents() {
    return completionEvents;
  }

  /**
   * Completion events published to the bus named by {@code SQM_EVENT_BUS_NAME}, webhooks sent as
   * {@link com.sqm.config.EventSettings} say; with no bus, events are only kept (and webhooks still
   * sent).
   */
  public synchronized CompletionEventService completionEventService() {
    CompletionEvents bus = CompletionEvents.NONE;
    if (config.events().busName().isPresent()) {
      if (eventBridge == null) {
        eventBridge = EventBridgeCompletionEvents.client(config);
      }
      bus = new EventBridgeCompletionEvents(eventBridge, config.events().busName().get());
    }
    return completionEventService(bus, CompletionEventService.Settings.DEFAULTS);
  }

  /**
   * Completion events published to {@code bus} (the local runner's file), with {@code settings}. A
   * {@code secret:} reference in {@code SQM_WEBHOOK_SECRET} is read here, from the secret store.
   */
  public CompletionEventService completionEventService(
      CompletionEvents bus, CompletionEventService.Settings settings) {
    Clock clock = Clock.systemUTC();
    Optional<String> webhookSecret =
        SecretReference.resolve(
            EventSettings.SECRET_SETTING, config.events().webhookSecret(), secrets);
    return new CompletionEventService(
        completionEvents,
        bus,
        WebhookSender.create(config.events(), webhookSecret, clock),
        clock,
        settings);
  }

  public QueryQueue queue() {
    return queue;
  }

  public ResultCache cache() {
    return cache;
  }

  public SubmitQueryService submitService() {
    return submitService;
  }

  public QueryReadService readService() {
    return readService;
  }

  /** Progress notifications from the store, which {@link #readService()}'s waits use. */
  public QueryChanges queryChanges() {
    return queryChanges;
  }

  public HealthService healthService() {
    return healthService;
  }

  /**
   * The audit log: call {@link AuditLog#record} for refusals and admin changes (query submits,
   * completions and failures are audited by the store itself).
   */
  public AuditLog audit() {
    return audit;
  }

  /** Admins' reading of the audit log ({@code GET /audit}). */
  public AuditService auditService() {
    return auditService;
  }

  /** Each user's daily budget of model tokens ({@code SQM_DAILY_TOKEN_BUDGET}; 0: unlimited). */
  public TokenBudget tokenBudget() {
    return tokenBudget;
  }

  @Override
  public void close() {
    if (cache instanceof RedisResultCache redis) {
      redis.close();
    }
    sqs.close();
    queryChanges.close();
    synchronized (this) {
      if (eventBridge != null) {
        eventBridge.close();
      }
    }
    pool.close();
  }
}
