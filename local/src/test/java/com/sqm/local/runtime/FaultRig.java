package com.sqm.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.AppConfig;
import com.sqm.config.CoreComponents;
import com.sqm.config.Json;
import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.EmbeddedRedisServer;
import com.sqm.embedded.EmbeddedSqsServer;
import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import com.sqm.functions.queries.GetQueryHandler;
import com.sqm.functions.submit.SubmitQueryHandler;
import com.sqm.functions.sweeper.SweeperHandler;
import com.sqm.functions.worker.QueryWorkerHandler;
import com.sqm.local.gateway.ApiGatewayEventFactory;
import com.sqm.local.gateway.IncomingRequest;
import com.sqm.local.gateway.Route;
import com.sqm.local.queue.LocalQueuePoller;
import com.sqm.local.queue.SqsEventFactory;
import com.sqm.local.schedule.LocalSchedule;
import com.sqm.model.Caller;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.secret.SecretStores;
import com.sqm.service.SweeperService;
import com.sqm.store.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local system of {@code ./sqm dev} (submit, worker behind the SQS poller, sweeper on a
 * schedule, offline engine, demo data) wired as {@link LocalRuntime} wires it, but with ElasticMQ
 * and Redis owned here so a fault-injection test can stop them and start them again.
 */
final class FaultRig implements AutoCloseable {
  private static final String REGION = "us-east-1";

  /** Short, so the test waits on the sweeper in well under a second after the queue is back. */
  static final SweeperService.Settings SWEEPER =
      new SweeperService.Settings(Duration.ofMillis(300), Duration.ofMinutes(5), 100, 10);

  private final Path dataDir;
  private final int sqsPort;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private EmbeddedSqsServer sqsServer;
  private EmbeddedRedisServer redis;
  private SqsClient pollingSqs;
  private CoreComponents core;
  private final ApiGatewayEventFactory events =
      new ApiGatewayEventFactory(Clock.systemUTC(), () -> UUID.randomUUID().toString());
  private SubmitQueryHandler submit;
  private GetQueryHandler get;

  private FaultRig(Path dataDir) {
    this.dataDir = dataDir;
    this.sqsPort = FreePort.find();
  }

  /** Starts everything on a database of its own named {@code name}. */
  static FaultRig start(String name) {
    try {
      FaultRig rig = new FaultRig(Files.createTempDirectory("sqm-fault-"));
      rig.startAll(name);
      return rig;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startAll(String name) {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    postgres.createDatabaseIfMissing(name);
    postgres.createDatabaseIfMissing(DemoShopDataset.DATABASE);
    Migrations.migrate(postgres.superuserDataSource(name));
    DataDirectory directory = DataDirectory.prepare(dataDir);
    DemoDataSource demo = DemoDataSource.prepare(postgres, directory);

    sqsServer = EmbeddedSqsServer.start(sqsPort);
    redis = EmbeddedRedisServer.start(null, 0);
    pollingSqs = push(pollingClient());
    LocalQueues queues = LocalQueues.create(pollingSqs, LocalQueues.VISIBILITY_TIMEOUT_SECONDS);

    Map<String, String> settings = new HashMap<>();
    settings.put("SQM_DB_URL", postgres.jdbcUrl(name));
    settings.put("SQM_DB_USER", EmbeddedPostgresServer.SUPERUSER);
    settings.put("SQM_SQS_ENDPOINT", sqsServer.endpoint().toString());
    settings.put("SQM_QUEUE_URL", queues.url());
    settings.put("SQM_REDIS_URL", redis.url());
    settings.put("SQM_ENGINE", "offline");
    settings.put("SQM_DEFAULT_DATASOURCE", DemoDataSource.ID);
    core = push(CoreComponents.create(AppConfig.from(settings)));
    core.dataSources().upsert(demo.config());
    core.grants().grant(DemoDataSource.ID, Caller.EVERYONE, "test");
    Map<String, String> pipelineEnvironment =
        Map.of(SecretStores.LOCAL_DIRECTORY_SETTING, directory.secrets().toString());
    PipelineComponents pipeline = push(PipelineComponents.create(core, pipelineEnvironment::get));
    LocalQueuePoller poller =
        push(
            new LocalQueuePoller(
                pollingSqs,
                queues.url(),
                new SqsEventFactory(queues.arn(), REGION),
                "sqm-worker",
                new QueryWorkerHandler(pipeline.pipeline()),
                Duration.ofSeconds(1)));
    poller.start();
    push(
        LocalSchedule.start(
            "sqm-sweeper",
            new SweeperHandler(core.sweeperService(SWEEPER)),
            Duration.ofMillis(200)));
    submit = new SubmitQueryHandler(core.submitService());
    get = new GetQueryHandler(core.readService());
  }

  CoreComponents core() {
    return core;
  }

  /** {@code POST /queries} as {@code user}, as the local gateway hands it to the function. */
  APIGatewayV2HTTPResponse submit(String user, String question) {
    String body;
    try {
      body = Json.mapper().writeValueAsString(Map.of("question", question));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    IncomingRequest request =
        new IncomingRequest(
            "POST",
            "/queries",
            "",
            Map.of("content-type", List.of("application/json")),
            body,
            "127.0.0.1",
            "HTTP/1.1");
    Route route = new Route("POST", "/queries", "sqm-submit", submit, true);
    return submit.handleRequest(events.build(request, route, Map.of(), Map.of("sub", user)), null);
  }

  /** {@code GET /queries/{id}} as {@code user}: the query as its owner sees it. */
  JsonNode query(String user, String id) {
    IncomingRequest request =
        new IncomingRequest("GET", "/queries/" + id, "", Map.of(), null, "127.0.0.1", "HTTP/1.1");
    Route route = new Route("GET", "/queries/{id}", "sqm-get-query", get, true);
    APIGatewayV2HTTPEvent event =
        events.build(request, route, Map.of("id", id), Map.of("sub", user));
    try {
      return Json.mapper().readTree(get.handleRequest(event, null).getBody());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops ElasticMQ: sends and polls fail with connection refused until {@link #startQueue}. */
  void stopQueue() {
    sqsServer.close();
    sqsServer = null;
  }

  /** Starts ElasticMQ again on the same port; its queues are created anew, as after a restart. */
  void startQueue() {
    sqsServer = EmbeddedSqsServer.start(sqsPort);
    LocalQueues.create(pollingSqs, LocalQueues.VISIBILITY_TIMEOUT_SECONDS);
  }

  /** Stops the redis-server process. */
  void stopRedis() {
    redis.close();
    redis = null;
  }

  private <T extends AutoCloseable> T push(T resource) {
    resources.push(resource);
    return resource;
  }

  private SqsClient pollingClient() {
    return SqsClient.builder()
        .region(Region.of(REGION))
        .endpointOverride(sqsServer.endpoint())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)))
        .build();
  }

  @Override
  @SuppressWarnings("checkstyle:IllegalCatch") // AutoCloseable.close() declares Exception
  public void close() {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // Tearing down: carry on so one stuck resource does not keep the others running.
        System.err.println("fault rig: " + e);
      }
    }
    if (sqsServer != null) {
      sqsServer.close();
    }
    if (redis != null) {
      redis.close();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
