package com.sqm.local.runtime;

import com.sqm.config.AppConfig;
import com.sqm.config.CoreComponents;
import com.sqm.config.EventSettings;
import com.sqm.config.IntakeSettings;
import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.EmbeddedRedisServer;
import com.sqm.embedded.EmbeddedSqsServer;
import com.sqm.functions.admin.DataSourceAdminHandler;
import com.sqm.functions.admin.GrantAdminHandler;
import com.sqm.functions.admin.ListDataSourcesHandler;
import com.sqm.functions.admin.TemplateAdminHandler;
import com.sqm.functions.playground.PlaygroundAssets;
import com.sqm.functions.playground.PlaygroundHandler;
import com.sqm.functions.playground.PlaygroundSettings;
import com.sqm.functions.queries.AuditHandler;
import com.sqm.functions.queries.GetQueryHandler;
import com.sqm.functions.queries.HealthHandler;
import com.sqm.functions.queries.ListUserQueriesHandler;
import com.sqm.functions.submit.IntakeQueueHandler;
import com.sqm.functions.submit.SubmitFeedbackHandler;
import com.sqm.functions.submit.SubmitQueryHandler;
import com.sqm.functions.sweeper.SweeperHandler;
import com.sqm.functions.worker.QueryWorkerHandler;
import com.sqm.local.SecretFile;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.IdentityProviderSettings;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.local.events.JsonLinesCompletionEvents;
import com.sqm.local.gateway.ApiGatewayEventFactory;
import com.sqm.local.gateway.CorsPolicy;
import com.sqm.local.gateway.LocalApiGateway;
import com.sqm.local.gateway.OpenApiDocument;
import com.sqm.local.gateway.Route;
import com.sqm.local.gateway.RouteTable;
import com.sqm.local.queue.LocalQueuePoller;
import com.sqm.local.queue.SqsEventFactory;
import com.sqm.local.schedule.LocalSchedule;
import com.sqm.model.Caller;
import com.sqm.pipeline.CacheSigningKey;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.secret.SecretStores;
import com.sqm.service.CompletionEventService;
import com.sqm.service.DataSourceAdminService;
import com.sqm.service.FeedbackService;
import com.sqm.service.IntakeService;
import com.sqm.service.SweeperService;
import com.sqm.sql.DataSourceAccessCheck;
import com.sqm.sql.DataSourceConnectionChecks;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.RunnableSqlVerifier;
import com.sqm.sql.SqlGuard;
import com.sqm.store.Migrations;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole service on one machine: embedded Postgres, ElasticMQ and Redis, the HTTP functions
 * behind a local API Gateway, the worker behind a local SQS event source, and the intake queue's
 * function behind another.
 */
public final class LocalRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);

  /**
   * The query store's database (the demo data source lives in {@link DemoShopDataset#DATABASE}).
   */
  public static final String APP_DATABASE = "sqm";

  private static final Duration LONG_POLL = Duration.ofSeconds(2);

  /** The deployed sweeper runs every minute; locally a lost query should be back in seconds. */
  private static final Duration SWEEP_PERIOD = Duration.ofSeconds(2);

  private static final String REGION = "us-east-1";

  /** Who the local runner records as the grantor of the demo's grant to everyone. */
  private static final String LOCAL_GRANTOR = "sqm-local";

  private static final int REDIS_PASSWORD_BYTES = 24;

  private static final int WEBHOOK_SECRET_BYTES = 32;

  private final Deque<AutoCloseable> resources;
  private final DataDirectory dataDirectory;
  private final URI baseUri;
  private final int requeued;
  private final String engine;
  private final String demoJdbcUrl;
  private final int postgresPort;
  private final int redisPort;
  private final RouteTable routes;
  private final boolean external;
  private boolean closed;

  /** The HTTP API's routes the gateway serves. */
  public RouteTable routes() {
    return routes;
  }

  private LocalRuntime(
      Deque<AutoCloseable> resources,
      DataDirectory dataDirectory,
      URI baseUri,
      int requeued,
      String demoJdbcUrl,
      String engine,
      int postgresPort,
      int redisPort,
      RouteTable routes,
      boolean external) {
    this.external = external;
    this.resources = resources;
    this.routes = routes;
    this.postgresPort = postgresPort;
    this.redisPort = redisPort;
    this.dataDirectory = dataDirectory;
    this.baseUri = baseUri;
    this.requeued = requeued;
    this.demoJdbcUrl = demoJdbcUrl;
    this.engine = engine;
  }

  /**
   * Starts everything; on failure stops whatever had started and throws {@link
   * LocalStartupException}.
   */
  public static LocalRuntime start(LocalRuntimeOptions options) {
    long started = System.nanoTime();
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      DataDirectory dir = DataDirectory.prepare(options.dataDir());
      push(resources, DataDirectoryLock.acquire(dir));
      LocalWorkerSettings worker = LocalWorkerSettings.from(options.environment());
      ensurePortFree(options.httpPort());
      DevSigningKey signingKey = DevSigningKey.loadOrCreate(dir.root());
      Services services =
          options.externalServices().isPresent()
              ? ExternalRuntimeServices.connect(
                  options.externalServices().get(), options, dir, worker, resources)
              : embedded(options, dir, worker, resources);
      SqsClient pollingSqs = services.pollingSqs();
      DemoDataSource demo = services.demo();
      Map<String, String> functionSettings = services.functionSettings();
      // Kept in the data directory so receivers can verify webhooks across restarts.
      functionSettings.putIfAbsent(
          EventSettings.SECRET_SETTING,
          SecretFile.readOrCreate(dir.webhookSecret(), WEBHOOK_SECRET_BYTES));
      AppConfig config = AppConfig.from(functionSettings);

      CoreComponents core = push(resources, CoreComponents.create(config));
      if (demo != null) {
        core.dataSources().upsert(demo.config());
        // Idempotent. The demo is there for everyone to try, so a restart grants it again even if
        // an admin revoked it.
        core.grants().grant(DemoDataSource.ID, Caller.EVERYONE, LOCAL_GRANTOR);
      }
      Map<String, String> pipelineEnvironment = new HashMap<>(options.environment());
      // Data sources name their credentials as secret:NAME, kept in the data directory locally.
      pipelineEnvironment.put(SecretStores.LOCAL_DIRECTORY_SETTING, dir.secrets().toString());
      // Each concurrent worker may be running a query on the same data source.
      pipelineEnvironment.putIfAbsent(
          "SQM_DATASOURCE_POOL_SIZE", String.valueOf(worker.concurrency()));
      // Kept in the data directory, not in Redis: a forged entry in Redis cannot carry a valid
      // signature, and answers cached before a restart stay usable.
      pipelineEnvironment.putIfAbsent(
          CacheSigningKey.SETTING, SecretFile.readOrCreate(dir.cacheSigningKey(), 32));
      PipelineComponents pipeline =
          push(resources, PipelineComponents.create(core, pipelineEnvironment::get));

      // Locally the event bus is a file in the data directory unless SQM_EVENT_BUS_NAME names an
      // EventBridge bus (--external, e.g. LocalStack's); webhooks are really sent.
      CompletionEventService events =
          options.externalServices().isPresent() && config.events().busName().isPresent()
              ? core.completionEventService()
              : core.completionEventService(
                  new JsonLinesCompletionEvents(dir.events()),
                  CompletionEventService.Settings.DEFAULTS);

      // The process that held these leases is gone: its queries are taken over at once.
      int released = core.queries().releaseLeases();
      if (released > 0) {
        log.info("released {} leases held by the previous run", released);
      }
      LocalQueuePoller poller =
          push(
              resources,
              new LocalQueuePoller(
                  pollingSqs,
                  services.queueUrl(),
                  worker.concurrency(),
                  new SqsEventFactory(services.queueArn(), REGION),
                  "sqm-worker",
                  new QueryWorkerHandler(pipeline.pipeline(), core.queue(), events),
                  LONG_POLL));
      poller.start();
      // Questions other services send to the intake queue, as the deployed IntakeQueueFunction.
      if (services.intakeUrl() != null) {
        push(
                resources,
                new LocalQueuePoller(
                    pollingSqs,
                    services.intakeUrl(),
                    new SqsEventFactory(services.intakeArn(), REGION),
                    "sqm-intake",
                    new IntakeQueueHandler(
                        new IntakeService(
                            core.submitService(), IntakeSettings.from(functionSettings::get))),
                    LONG_POLL))
            .start();
      }
      int requeued = PendingQueryRecovery.requeue(core.queries(), core.queue());
      if (requeued > 0) {
        log.info("re-enqueued {} queries left unfinished by the previous run", requeued);
      }
      push(
          resources,
          LocalSchedule.start(
              "sqm-sweeper",
              new SweeperHandler(
                  core.sweeperService(
                      SweeperService.Settings.from(name -> options.environment().get(name))),
                  events),
              SWEEP_PERIOD));

      DataSourcePools feedbackPools =
          push(resources, new DataSourcePools(pipelineEnvironment::get));
      FeedbackService feedback =
          core.feedbackService(
              new RunnableSqlVerifier(new ReadOnlySqlRunner(new SqlGuard()), feedbackPools));
      DataSourceAdminService admin =
          core.dataSourceAdminService(
              new DataSourceConnectionChecks(
                  new DataSourcePools(pipelineEnvironment::get),
                  new DataSourceAccessCheck(),
                  new SqlGuard()));
      RouteTable routes = routes(core, feedback, admin, playgroundSettings(functionSettings));
      LocalApiGateway gateway =
          push(
              resources,
              LocalApiGateway.start(
                  options.httpPort(),
                  routes,
                  authorizer(options.environment(), signingKey),
                  new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString()),
                  CorsPolicy.from(options.environment()),
                  OpenApiDocument.load()));
      URI baseUri = URI.create("http://127.0.0.1:" + gateway.port());
      new LocalRuntimeInfo(
              ProcessHandle.current().pid(),
              gateway.port(),
              baseUri.toString(),
              services.sqsEndpoint(),
              services.queueUrl(),
              services.deadLetterUrl(),
              services.intakeUrl(),
              services.databaseUrl(),
              services.redisUrl())
          .write(dir.root());
      push(resources, (AutoCloseable) () -> LocalRuntimeInfo.delete(dir.root()));
      log.info(
          "local runtime ready at {} in {} ms; answers by {}",
          baseUri,
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          pipeline.engineDescription());
      return new LocalRuntime(
          resources,
          dir,
          baseUri,
          requeued,
          demo == null ? null : demo.jdbcUrl(),
          pipeline.engineDescription(),
          services.postgresPort(),
          services.redisPort(),
          routes,
          options.externalServices().isPresent());
    } catch (IOException | RuntimeException e) {
      closeAll(resources);
      if (e instanceof LocalStartupException startup) {
        throw startup;
      }
      throw new LocalStartupException("the local runtime did not start: " + describe(e), e);
    }
  }

  /**
   * The identity provider's JWKS when {@code ./sqm dev --jwks-url} names one (dev tokens are then
   * refused), else the dev key.
   */
  static JwtAuthorizer authorizer(Map<String, String> environment, DevSigningKey signingKey) {
    IdentityProviderSettings provider;
    try {
      provider = IdentityProviderSettings.from(environment).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new LocalStartupException("identity provider settings: " + e.getMessage(), e);
    }
    if (provider == null) {
      return new JwtAuthorizer(signingKey, Clock.systemUTC());
    }
    log.info(
        "accepting tokens of issuer {} for audience {}, keys from {}",
        provider.issuer(),
        provider.audience(),
        provider.jwksUrl());
    return JwtAuthorizer.forIdentityProvider(provider, Clock.systemUTC());
  }

  /** The playground's sign-in settings ({@code SQM_PLAYGROUND_*}); none by default. */
  private static PlaygroundSettings playgroundSettings(Map<String, String> settings) {
    try {
      return PlaygroundSettings.from(settings::get);
    } catch (IllegalArgumentException e) {
      throw new LocalStartupException("playground settings: " + e.getMessage(), e);
    }
  }

  /** The routes of the HTTP API, with a playground that takes pasted or linked tokens. */
  static RouteTable routes(
      CoreComponents core, FeedbackService feedback, DataSourceAdminService admin) {
    return routes(core, feedback, admin, PlaygroundSettings.NONE);
  }

  /** The routes of the HTTP API, each served by the handler class deployed for it. */
  static RouteTable routes(
      CoreComponents core,
      FeedbackService feedback,
      DataSourceAdminService admin,
      PlaygroundSettings playgroundSettings) {
    var identity = core.config().identity();
    var dataSource = new DataSourceAdminHandler(admin, identity);
    var templates = new TemplateAdminHandler(admin, identity);
    var grants = new GrantAdminHandler(admin, identity);
    var playground = new PlaygroundHandler(PlaygroundAssets.fromClasspath(), playgroundSettings);
    return new RouteTable(
        List.of(
            new Route(
                "POST",
                "/queries",
                "sqm-submit",
                new SubmitQueryHandler(core.submitService(), core.config().identity()),
                true),
            new Route(
                "POST",
                "/queries/{id}/feedback",
                "sqm-submit-feedback",
                new SubmitFeedbackHandler(feedback, core.config().identity()),
                true),
            new Route(
                "GET",
                "/queries/{id}",
                "sqm-get-query",
                new GetQueryHandler(core.readService(), core.config().identity()),
                true),
            new Route(
                "GET",
                "/users/{userId}/queries",
                "sqm-list-user-queries",
                new ListUserQueriesHandler(core.readService(), core.config().identity()),
                true),
            new Route(
                "GET",
                "/datasources",
                "sqm-list-datasources",
                new ListDataSourcesHandler(admin, identity),
                true),
            new Route("POST", "/datasources", "sqm-admin-datasources", dataSource, true),
            new Route("GET", "/datasources/{id}", "sqm-admin-datasources", dataSource, true),
            new Route("PUT", "/datasources/{id}", "sqm-admin-datasources", dataSource, true),
            new Route("DELETE", "/datasources/{id}", "sqm-admin-datasources", dataSource, true),
            new Route(
                "POST", "/datasources/{id}/templates", "sqm-admin-templates", templates, true),
            new Route("GET", "/datasources/{id}/templates", "sqm-admin-templates", templates, true),
            new Route(
                "DELETE",
                "/datasources/{id}/templates/{templateId}",
                "sqm-admin-templates",
                templates,
                true),
            new Route(
                "PUT", "/datasources/{id}/grants/{principal}", "sqm-admin-grants", grants, true),
            new Route(
                "DELETE", "/datasources/{id}/grants/{principal}", "sqm-admin-grants", grants, true),
            new Route(
                "GET",
                "/audit",
                "sqm-audit",
                new AuditHandler(core.auditService(), core.config().identity()),
                true),
            new Route(
                "GET", "/health", "sqm-health", new HealthHandler(core.healthService()), false),
            new Route("GET", "/", "sqm-playground", playground, false),
            new Route("GET", "/playground/{file}", "sqm-playground", playground, false)));
  }

  /**
   * The services the functions use, started here or external: the settings wiring the functions to
   * them, the demo data source (null when there is none), the worker's and the intake's queues
   * (intake null when there is none) and what runtime.json records.
   */
  record Services(
      Map<String, String> functionSettings,
      DemoDataSource demo,
      SqsClient pollingSqs,
      String sqsEndpoint,
      String queueUrl,
      String queueArn,
      String deadLetterUrl,
      String intakeUrl,
      String intakeArn,
      String databaseUrl,
      String redisUrl,
      int postgresPort,
      int redisPort) {}

  /** Starts embedded Postgres, ElasticMQ and Redis in the data directory. */
  private static Services embedded(
      LocalRuntimeOptions options,
      DataDirectory dir,
      LocalWorkerSettings worker,
      Deque<AutoCloseable> resources) {
    stopLeftovers(dir);
    log.info("starting Postgres (data in {})", dir.postgres());
    EmbeddedPostgresServer postgres =
        push(resources, LocalPostgres.start(dir, options.postgresPort()));
    postgres.createDatabaseIfMissing(APP_DATABASE);
    postgres.createDatabaseIfMissing(DemoShopDataset.DATABASE);
    Migrations.migrate(postgres.superuserDataSource(APP_DATABASE));
    DemoDataSource demo = DemoDataSource.prepare(postgres, dir);

    log.info("starting ElasticMQ and Redis");
    EmbeddedSqsServer sqsServer = push(resources, EmbeddedSqsServer.start(options.sqsPort()));
    String redisPassword = SecretFile.readOrCreate(dir.redisPassword(), REDIS_PASSWORD_BYTES);
    EmbeddedRedisServer redis =
        push(resources, EmbeddedRedisServer.start(dir.redis(), options.redisPort(), redisPassword));

    SqsClient pollingSqs = push(resources, pollingClient(sqsServer.endpoint()));
    LocalQueues queues = LocalQueues.create(pollingSqs, worker.visibilityTimeoutSeconds());
    LocalIntakeQueue intake =
        LocalIntakeQueue.create(pollingSqs, worker.visibilityTimeoutSeconds());
    Map<String, String> functionSettings =
        settings(
            options,
            new LocalServices(postgres, LocalPostgres.password(dir), redis, redisPassword),
            sqsServer,
            queues,
            worker);
    return new Services(
        functionSettings,
        demo,
        pollingSqs,
        sqsServer.endpoint().toString(),
        queues.url(),
        queues.arn(),
        queues.deadLetterUrl(),
        intake.url(),
        intake.arn(),
        postgres.jdbcUrl(APP_DATABASE),
        redis.url(),
        postgres.port(),
        redis.port());
  }

  /** The started Postgres and Redis, and the passwords they ask for. */
  private record LocalServices(
      EmbeddedPostgresServer postgres,
      String postgresPassword,
      EmbeddedRedisServer redis,
      String redisPassword) {}

  private static Map<String, String> settings(
      LocalRuntimeOptions options,
      LocalServices services,
      EmbeddedSqsServer sqs,
      LocalQueues queues,
      LocalWorkerSettings worker) {
    return functionSettings(
        options.environment(),
        new FunctionWiring(
            services.postgres().jdbcUrl(APP_DATABASE),
            services.postgresPassword(),
            worker.databasePoolSize(),
            sqs.endpoint().toString(),
            queues.url(),
            services.redis().url(),
            services.redisPassword()));
  }

  /** Where a running {@code ./sqm dev}'s services are, and the passwords they ask for. */
  public record FunctionWiring(
      String databaseUrl,
      String databasePassword,
      int databasePoolSize,
      String sqsEndpoint,
      String queueUrl,
      String redisUrl,
      String redisPassword) {}

  /**
   * The settings the functions get locally: the developer's {@code SQM_*} and {@code OPENAI_*}
   * choices, overridden by the wiring to the local services. Used by {@code ./sqm dev} and by
   * {@code ./sqm invoke}, so an invoked function sees what the dev runtime's functions see.
   */
  public static Map<String, String> functionSettings(
      Map<String, String> environment, FunctionWiring wiring) {
    Map<String, String> settings = new HashMap<>();
    // Developer choices (SQM_ENGINE, SQM_CACHE_TTL_SECONDS, OPENAI_BASE_URL, ...) pass through;
    // the wiring below wins.
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("SQM_") || name.startsWith("OPENAI_")) {
            settings.put(name, value);
          }
        });
    settings.put("SQM_DB_URL", wiring.databaseUrl());
    settings.put("SQM_DB_USER", EmbeddedPostgresServer.SUPERUSER);
    settings.put("SQM_DB_PASSWORD", wiring.databasePassword());
    settings.put("SQM_DB_POOL_SIZE", String.valueOf(wiring.databasePoolSize()));
    settings.put("SQM_SQS_ENDPOINT", wiring.sqsEndpoint());
    settings.put("SQM_QUEUE_URL", wiring.queueUrl());
    settings.put("AWS_REGION", REGION);
    settings.put("SQM_REDIS_URL", wiring.redisUrl());
    settings.put("SQM_REDIS_PASSWORD", wiring.redisPassword());
    settings.putIfAbsent("SQM_DEFAULT_DATASOURCE", DemoDataSource.ID);
    return settings;
  }

  // The poller gets its own client: its long polls must not wait behind the submit path's sends,
  // and its socket timeout must outlast a long poll.
  static SqsClient pollingClient(URI endpoint) {
    return SqsClient.builder()
        .region(Region.of(REGION))
        .endpointOverride(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder().socketTimeout(LONG_POLL.plusSeconds(10)))
        .build();
  }

  /**
   * Stops what a predecessor killed on this directory left behind (we hold the lock, so it is
   * dead): its Postgres and redis-server, and its runtime file; their ports are free again
   * afterwards.
   */
  private static void stopLeftovers(DataDirectory dir) {
    if (EmbeddedPostgresServer.stopLeftover(dir.postgres())) {
      log.info("stopped the Postgres a previous run left on {}", dir.postgres());
    }
    if (EmbeddedRedisServer.stopLeftover(dir.redis())) {
      log.info("stopped the redis-server a previous run left on {}", dir.redis());
    }
    LocalRuntimeInfo.delete(dir.root());
  }

  private static void ensurePortFree(int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      probe.setReuseAddress(true);
    } catch (BindException e) {
      throw new LocalStartupException(
          "port " + port + " is already in use (another ./sqm dev?); choose another with --port");
    } catch (IOException e) {
      throw new LocalStartupException("cannot listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  static <T extends AutoCloseable> T push(Deque<AutoCloseable> resources, T resource) {
    resources.push(resource);
    return resource;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return root == e || root.getMessage() == null
        ? message
        : message + " (" + root.getMessage() + ")";
  }

  public URI baseUri() {
    return baseUri;
  }

  public DataDirectory dataDirectory() {
    return dataDirectory;
  }

  /** Whether it uses external services ({@code ./sqm dev --external}) instead of embedded ones. */
  public boolean external() {
    return external;
  }

  /**
   * JDBC URL of the demo data source as its read-only role (for {@code ./sqm run-sql}); null when
   * there is no demo data source (external Postgres that would not take it).
   */
  public String demoJdbcUrl() {
    return demoJdbcUrl;
  }

  /**
   * The owner-only file of the local secret store holding {@link #demoJdbcUrl()}, so a banner can
   * point at the credential instead of printing it.
   */
  public Path demoSecretFile() {
    return dataDirectory.secrets().resolve(DemoDataSource.SECRET);
  }

  /** The port of the local Postgres (its superuser's password is in the data directory). */
  public int postgresPort() {
    return postgresPort;
  }

  /** The port of the local Redis (its password is in the data directory). */
  public int redisPort() {
    return redisPort;
  }

  /** The engine that answers, and its fallback if any, e.g. "openai:gpt-4o-mini, else offline". */
  public String engine() {
    return engine;
  }

  /** How many unfinished queries from a previous run were put back on the queue at start. */
  public int requeuedAtStart() {
    return requeued;
  }

  /** Stops the HTTP server, the poller, the clients and the servers, newest first. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("stopping the local runtime");
    closeAll(resources);
    log.info("stopped");
  }

  @SuppressWarnings("checkstyle:IllegalCatch") // AutoCloseable.close() declares Exception
  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        // Shutting down: report and carry on so one stuck resource does not keep the others
        // running.
        log.warn("{} did not stop cleanly: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
