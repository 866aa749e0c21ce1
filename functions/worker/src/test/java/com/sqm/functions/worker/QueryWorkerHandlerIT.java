package com.sqm.functions.worker;

import static com.sqm.functions.worker.WorkerFixtures.countIn;
import static com.sqm.functions.worker.WorkerFixtures.eventFor;
import static com.sqm.functions.worker.WorkerFixtures.flushCache;
import static com.sqm.functions.worker.WorkerFixtures.letTheBackoffPass;
import static com.sqm.functions.worker.WorkerFixtures.registerDemoShop;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.OfflineQueryEngine;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.QuestionContext;
import com.sqm.ai.SqlDraft;
import com.sqm.config.Json;
import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.events.CompletionEvent;
import com.sqm.events.CompletionEvents;
import com.sqm.events.EventPublishException;
import com.sqm.metrics.EmfMetricsPublisher;
import com.sqm.metrics.MetricNames;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.SqlAttempt;
import com.sqm.model.UserQuery;
import com.sqm.model.Visualization;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.pipeline.QueryPipeline;
import com.sqm.service.CompletionEventService;
import com.sqm.sql.DataSourcePools;
import com.sqm.store.Page;
import com.sqm.store.QueryProgress;
import com.sqm.store.QueryRepository;
import com.sqm.store.StoreException;
import com.sqm.testing.InvocationLog;
import com.sqm.testing.TestEnvironment;
import com.sqm.testing.TestLambdaContext;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The worker on real embedded Postgres (app + demo shop), ElasticMQ and Redis. */
class QueryWorkerHandlerIT {
  private static final String SHOP_DB = "worker_it_shop";
  private static final UUID FIXTURE_QUERY_ID =
      UUID.fromString("0f8e2d4c-6b1a-4c3e-9d57-2a8b1e6f4c90");

  private static TestEnvironment env;
  private static PipelineComponents pipelines;
  private static QueryWorkerHandler handler;

  @BeforeAll
  static void start() {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    postgres.createDatabaseIfMissing(SHOP_DB);
    DemoShopDataset.seed(postgres.superuserDataSource(SHOP_DB));
    env = TestEnvironment.create("worker_handler_it");
    registerDemoShop(env, SHOP_DB);
    // no model settings from the developer's environment: these tests answer offline
    pipelines = PipelineComponents.create(env.components(), name -> null);
    handler = new QueryWorkerHandler(pipelines.pipeline());
  }

  @AfterAll
  static void stop() {
    pipelines.close();
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
    env.execute("DELETE FROM query_template");
    flushCache();
  }

  @Test
  void shouldLabelEveryLogLineWithRequestIdAndColdStart_whenInvokedTwice() {
    QueryWorkerHandler fresh = new QueryWorkerHandler(pipelines.pipeline());

    InvocationLog.assertLabelled(
        "worker-req-1",
        true,
        () ->
            fresh.handleRequest(
                eventFor(UUID.randomUUID()), new TestLambdaContext("worker-req-1")));
    InvocationLog.assertLabelled(
        "worker-req-2",
        false,
        () ->
            fresh.handleRequest(
                eventFor(UUID.randomUUID()), new TestLambdaContext("worker-req-2")));
  }

  @Test
  void shouldPublishQueueAgeStagesModelUsageAndStatus_whenTheMessageIsAnswered() throws Exception {
    env.insertQuery(FIXTURE_QUERY_ID, "alice", "top 5 products by revenue");
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs-query-message.json");
    long sent = Long.parseLong(event.getRecords().get(0).getAttributes().get("SentTimestamp"));
    List<String> lines = new CopyOnWriteArrayList<>();
    QueryWorkerHandler measured =
        new QueryWorkerHandler(
            pipelines.pipeline(),
            null,
            null,
            new EmfMetricsPublisher("WorkerIT", lines::add),
            Clock.fixed(Instant.ofEpochMilli(sent + 1500), ZoneOffset.UTC));

    measured.handleRequest(event, null);

    List<JsonNode> objects = new ArrayList<>();
    for (String line : lines) {
      objects.add(Json.mapper().readTree(line));
    }
    assertThat(objects)
        .allSatisfy(
            o -> assertThat(o.path("queryId").asText()).isEqualTo(FIXTURE_QUERY_ID.toString()));
    assertThat(objects)
        .filteredOn(o -> o.has(MetricNames.QUEUE_AGE))
        .singleElement()
        .satisfies(o -> assertThat(o.path(MetricNames.QUEUE_AGE).asLong()).isEqualTo(1500));
    assertThat(objects)
        .filteredOn(o -> o.has(MetricNames.STAGE_LATENCY))
        .extracting(o -> o.path(MetricNames.STAGE).asText())
        .contains("ANALYZING_INTENT", "GENERATING_SQL", "VALIDATING_SQL", "EXECUTING_SQL");
    assertThat(objects)
        .filteredOn(o -> o.has(MetricNames.MODEL_COST))
        .extracting(o -> o.path(MetricNames.ENGINE).asText())
        .containsExactly(pipelines.engineDescription());
    assertThat(objects)
        .filteredOn(o -> o.has(MetricNames.QUERIES))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.path(MetricNames.STATUS).asText()).isEqualTo("COMPLETED");
              assertThat(o.path(MetricNames.ERROR_CODE).asText()).isEqualTo(MetricNames.NO_ERROR);
            });
    assertThat(objects).anyMatch(o -> o.path(MetricNames.ANSWER_CACHE_MISSES).asInt() == 1);
  }

  @Test
  void shouldLeaveQueueAgeOut_whenTheMessageIsARedelivery() throws Exception {
    env.insertQuery(FIXTURE_QUERY_ID, "alice", "top 5 products by revenue");
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs-query-message.json");
    Map<String, String> attributes = new HashMap<>(event.getRecords().get(0).getAttributes());
    attributes.put("ApproximateReceiveCount", "2");
    event.getRecords().get(0).setAttributes(attributes);
    long sent = Long.parseLong(attributes.get("SentTimestamp"));
    List<String> lines = new CopyOnWriteArrayList<>();
    QueryWorkerHandler measured =
        new QueryWorkerHandler(
            pipelines.pipeline(),
            null,
            null,
            new EmfMetricsPublisher("WorkerIT", lines::add),
            Clock.fixed(Instant.ofEpochMilli(sent + 90_000), ZoneOffset.UTC));

    measured.handleRequest(event, null);

    // Its age would count the earlier attempt and the backoff, not the wait for a worker.
    assertThat(lines).isNotEmpty().noneMatch(line -> line.contains(MetricNames.QUEUE_AGE));
    assertThat(lines).anyMatch(line -> line.contains("\"" + MetricNames.QUERIES + "\""));
  }

  @Test
  void shouldCompleteWithSqlRowsSummaryAndChart_whenFixtureMessageNamesAnswerableQuestion() {
    env.insertQuery(FIXTURE_QUERY_ID, "alice", "top 5 products by revenue");
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs-query-message.json");

    SQSBatchResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    UserQuery done = query(FIXTURE_QUERY_ID);
    assertThat(done.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(done.stage()).isEqualTo(QueryStage.DONE);
    assertThat(done.sql()).containsIgnoringCase("limit 5");
    assertThat(done.result().rows()).hasSize(5);
    assertThat(done.summary()).isNotBlank();
    assertThat(done.visualization().chartType()).isEqualTo(ChartType.BAR);
    assertThat(done.visualization().spec().path("$schema").asText()).contains("vega-lite/v6");
    assertThat(done.stageTimingsMs())
        .containsKeys(
            "ANALYZING_INTENT",
            "GENERATING_SQL",
            "VALIDATING_SQL",
            "EXECUTING_SQL",
            "SUMMARIZING",
            "VISUALIZING");
    assertThat(done.completedAt()).isNotNull();
    assertThat(done.attempts()).isEqualTo(1);
  }

  @Test
  void shouldAnswerWithTheRowsTheDatabaseHolds_whenAskedToCount() {
    UUID id = submit("How many customers are there?");

    handler.handleRequest(eventFor(id), null);

    UserQuery done = query(id);
    assertThat(done.status()).isEqualTo(QueryStatus.COMPLETED);
    long customers = countIn(SHOP_DB, "SELECT count(*) FROM customers");
    assertThat(((Number) done.result().rows().get(0).get(0)).longValue()).isEqualTo(customers);
    assertThat(done.summary()).contains(String.valueOf(customers));
  }

  @Test
  void shouldFailWithQuestionNotAnswerable_whenQuestionDoesNotMatchSchema() {
    UUID id = submit("what's the weather in Paris tomorrow?");

    SQSBatchResponse response = handler.handleRequest(eventFor(id), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    UserQuery failed = query(id);
    assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE);
    assertThat(failed.error().message()).isNotBlank();
    assertThat(failed.sql()).isNull();
  }

  @Test
  void shouldRejectTemplateSqlAndLeaveDataUntouched_whenTemplateHoldsADelete() {
    long ordersBefore = countIn(SHOP_DB, "SELECT count(*) FROM orders");
    env.components()
        .templates()
        .add(
            "demo",
            "weekly report",
            "show the weekly shop report",
            "DELETE FROM orders",
            "poisoned example");
    UUID id = submit("show the weekly shop report");

    handler.handleRequest(eventFor(id), null);

    UserQuery failed = query(id);
    assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(ErrorCode.SQL_REJECTED);
    assertThat(failed.error().message()).contains("NOT_A_SELECT");
    assertThat(countIn(SHOP_DB, "SELECT count(*) FROM orders")).isEqualTo(ordersBefore);
  }

  @Test
  void shouldFailWithDatasourceNotFound_whenQueryNamesARemovedDataSource() {
    UUID id = submit("How many customers are there?");
    env.execute("UPDATE user_query SET data_source_id = 'retired' WHERE id = '" + id + "'");

    handler.handleRequest(eventFor(id), null);

    assertThat(query(id).error().code()).isEqualTo(ErrorCode.DATASOURCE_NOT_FOUND);
  }

  @Test
  void shouldAnswerEveryRecord_whenTheBatchSampleCarriesSeveralQueries() {
    // Arrange: the three queries the sample's records name.
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs-worker-batch.json");
    List<String> questions =
        List.of(
            "top 5 products by revenue",
            "How many customers are there?",
            "How many orders are there?");
    List<UUID> ids = new java.util.ArrayList<>();
    for (int i = 0; i < event.getRecords().size(); i++) {
      UUID id =
          UUID.fromString(
              event.getRecords().get(i).getBody().replaceAll(".*\"queryId\":\"([^\"]+)\".*", "$1"));
      env.insertQuery(id, "alice", questions.get(i));
      ids.add(id);
    }

    // Act
    SQSBatchResponse response = handler.handleRequest(event, null);

    // Assert
    assertThat(event.getRecords()).hasSize(3);
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(ids)
        .allSatisfy(id -> assertThat(query(id).status()).isEqualTo(QueryStatus.COMPLETED));
  }

  @Test
  void shouldReportFailureSoTheDlqKeepsIt_whenBodyIsNotAQueryId() {
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs-query-message.json");
    SQSEvent.SQSMessage garbage = event.getRecords().get(0);
    garbage.setBody("not json at all");
    SQSEvent.SQSMessage notUuid = new SQSEvent.SQSMessage();
    notUuid.setMessageId("not-a-uuid");
    notUuid.setBody("{\"queryId\":\"42\"}");
    event.setRecords(List.of(garbage, notUuid));

    SQSBatchResponse response = handler.handleRequest(event, null);

    // Never silently deleted: failed until the redrive policy parks them in the DLQ.
    assertThat(response.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactlyInAnyOrder(garbage.getMessageId(), "not-a-uuid");
    assertThat(env.countQueries()).isZero();
  }

  @Test
  void shouldNotRunAgain_whenCompletedQueryIsDeliveredTwice() {
    UUID id = submit("How many customers are there?");
    handler.handleRequest(eventFor(id), null);
    UserQuery first = query(id);

    SQSBatchResponse response = handler.handleRequest(eventFor(id), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    UserQuery second = query(id);
    assertThat(second.attempts()).isEqualTo(1);
    assertThat(second.updatedAt()).isEqualTo(first.updatedAt());
  }

  @Test
  void shouldServeSecondAskingFromCache_whenSameQuestionAskedAgain() {
    UUID first = submit("average order value by country");
    handler.handleRequest(eventFor(first), null);
    UUID second = submit("  Average order value by country? ");

    handler.handleRequest(eventFor(second), null);

    UserQuery cached = query(second);
    assertThat(cached.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(cached.sql()).isEqualTo(query(first).sql());
    assertThat(cached.result()).isEqualTo(query(first).result());
    assertThat(cached.stageTimingsMs()).doesNotContainKey("EXECUTING_SQL");
    assertThat(cached.engine()).isEqualTo("offline");
  }

  @Test
  void shouldRunAgain_whenCallerOptsOutOfCache() {
    UUID first = submit("average order value by country");
    handler.handleRequest(eventFor(first), null);
    UUID second = submit("average order value by country");
    env.execute(
        "UPDATE user_query SET options = '{\"useCache\":false}' WHERE id = '" + second + "'");

    handler.handleRequest(eventFor(second), null);

    assertThat(query(second).stageTimingsMs()).containsKey("EXECUTING_SQL");
  }

  @Test
  void shouldReportOnlyTheFailedMessage_whenTheStoreIsUnreachable() {
    try (TestEnvironment broken =
            TestEnvironment.createUnmigrated(
                "worker_handler_dead_db", TestEnvironment.unreachableStore());
        PipelineComponents brokenPipeline =
            PipelineComponents.create(broken.components(), name -> null)) {
      QueryWorkerHandler brokenHandler = new QueryWorkerHandler(brokenPipeline.pipeline());
      SQSEvent event = eventFor(UUID.randomUUID());
      SQSEvent.SQSMessage unreadable = new SQSEvent.SQSMessage();
      unreadable.setMessageId("unreadable");
      unreadable.setBody("{}");
      event.setRecords(List.of(event.getRecords().get(0), unreadable));

      SQSBatchResponse response = brokenHandler.handleRequest(event, null);

      assertThat(response.getBatchItemFailures())
          .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
          // The unreadable one too: it is kept for the dead-letter queue, never deleted.
          .containsExactlyInAnyOrder(event.getRecords().get(0).getMessageId(), "unreadable");
    }
  }

  @Test
  void shouldRetryThenRecordInternalError_whenEngineKeepsFailingUnexpectedly() {
    QueryEngine crashing = new CrashingEngine();
    QueryWorkerHandler crashingHandler = new QueryWorkerHandler(pipelineWith(crashing));
    UUID id = submit("How many customers are there?");

    List<Integer> failuresPerDelivery = new ArrayList<>();
    for (int delivery = 0; delivery < PipelineComponents.MAX_ATTEMPTS; delivery++) {
      failuresPerDelivery.add(
          crashingHandler.handleRequest(eventFor(id), null).getBatchItemFailures().size());
      letTheBackoffPass(env, id);
    }

    assertThat(failuresPerDelivery).containsExactly(1, 1, 0);
    UserQuery failed = query(id);
    assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(failed.attempts()).isEqualTo(PipelineComponents.MAX_ATTEMPTS);
  }

  @Test
  void shouldRideOutTheBlip_whenTheStoreFailsOnceMidAnswer() {
    QueryRepository flaky = new StoreFailingOnce(env.components().queries());
    UUID id = submit("How many customers are there?");
    try (DataSourcePools pools = new DataSourcePools(name -> null)) {
      QueryWorkerHandler flakyHandler =
          new QueryWorkerHandler(pipelineWith(flaky, pools, new OfflineQueryEngine()));

      SQSBatchResponse response = flakyHandler.handleRequest(eventFor(id), null);

      assertThat(response.getBatchItemFailures()).isEmpty();
      UserQuery done = query(id);
      assertThat(done.status()).isEqualTo(QueryStatus.COMPLETED);
      assertThat(done.error()).isNull();
      assertThat(done.attempts()).isEqualTo(1);
    }
  }

  @Test
  void shouldHaveTheQueueRedeliverAtOnce_whenTooLittleTimeIsLeftToStart() {
    UUID id = submit("How many customers are there?");
    env.components().queue().enqueue(id);
    Message received = env.receiveWithoutDeleting();
    SQSEvent event = eventFor(id);
    event.getRecords().get(0).setReceiptHandle(received.receiptHandle());
    QueryWorkerHandler withQueue =
        new QueryWorkerHandler(pipelines.pipeline(), env.components().queue());

    SQSBatchResponse response =
        withQueue.handleRequest(event, TestLambdaContext.withRemaining(Duration.ofSeconds(1)));

    assertThat(response.getBatchItemFailures()).hasSize(1);
    UserQuery untouched = query(id);
    assertThat(untouched.status()).isEqualTo(QueryStatus.PENDING);
    assertThat(untouched.attempts()).isZero();
    // Not after the queue's visibility timeout: the message is back for the next invocation now.
    assertThat(env.pollMessagesNow())
        .extracting(Message::body)
        .containsExactly("{\"queryId\":\"" + id + "\"}");
  }

  @Test
  void shouldAnswerOnceAndReportNoFailure_whenTheSameMessageIsDeliveredTwiceAtOnce()
      throws Exception {
    GatedEngine gated = new GatedEngine();
    QueryWorkerHandler gatedHandler = new QueryWorkerHandler(pipelineWith(gated));
    UUID id = submit("How many customers are there?");
    ExecutorService firstWorker = Executors.newSingleThreadExecutor();
    try {
      Future<SQSBatchResponse> first =
          firstWorker.submit(() -> gatedHandler.handleRequest(eventFor(id), null));
      assertThat(gated.drafting.await(30, TimeUnit.SECONDS)).isTrue();

      // The duplicate arrives while the first delivery holds the lease, inside the engine.
      SQSBatchResponse duplicate = gatedHandler.handleRequest(eventFor(id), null);
      gated.release.countDown();
      SQSBatchResponse original = first.get(30, TimeUnit.SECONDS);

      assertThat(duplicate.getBatchItemFailures()).isEmpty();
      assertThat(original.getBatchItemFailures()).isEmpty();
    } finally {
      gated.release.countDown();
      firstWorker.shutdownNow();
    }
    UserQuery done = query(id);
    assertThat(done.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(done.sqlAttempts()).hasSize(1);
    assertThat(gated.drafts.get()).isEqualTo(1);
    assertThat(gated.interpretations.get()).isEqualTo(1);
  }

  @Test
  void shouldRecordInternalErrorWithoutRunningAgain_whenEarlierDeliveriesDiedMidAnswer() {
    // Three deliveries claimed the query and then vanished (function timeout, crash): no catch
    // block ever ran, so only the next delivery can stop the query staying PROCESSING forever.
    UUID id = submit("How many customers are there?");
    env.execute(
        "UPDATE user_query SET status = 'PROCESSING', stage = 'EXECUTING_SQL', attempts = "
            + PipelineComponents.MAX_ATTEMPTS
            + " WHERE id = '"
            + id
            + "'");

    SQSBatchResponse response = handler.handleRequest(eventFor(id), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    UserQuery failed = query(id);
    assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(failed.stage()).isEqualTo(QueryStage.EXECUTING_SQL);
    assertThat(failed.sql()).isNull();
    assertThat(failed.stageTimingsMs()).isEmpty();
  }

  /** The query store as a database blip shows it: the write entering EXECUTING_SQL fails once. */
  private static final class StoreFailingOnce implements QueryRepository {
    private final QueryRepository store;
    private final AtomicBoolean failed = new AtomicBoolean();

    StoreFailingOnce(QueryRepository store) {
      this.store = store;
    }

    @Override
    public boolean recordProgress(UUID id, String leaseToken, QueryProgress progress) {
      if (progress.stage() == QueryStage.EXECUTING_SQL && failed.compareAndSet(false, true)) {
        throw new StoreException(
            "record the progress", new SQLException("An I/O error occurred", "08006"));
      }
      return store.recordProgress(id, leaseToken, progress);
    }

    @Override
    public Inserted insert(NewQuery query) {
      return store.insert(query);
    }

    @Override
    public Optional<UserQuery> findById(UUID id) {
      return store.findById(id);
    }

    @Override
    public Page<UserQuery> findByUser(String userId, String cursor, int limit) {
      return store.findByUser(userId, cursor, limit);
    }

    @Override
    public List<UUID> findUnfinishedIds(int limit) {
      return store.findUnfinishedIds(limit);
    }

    @Override
    public Claim claim(UUID id, Duration lease) {
      return store.claim(id, lease);
    }

    @Override
    public int releaseLeases() {
      return store.releaseLeases();
    }

    @Override
    public boolean complete(
        UUID id,
        String leaseToken,
        QueryProgress progress,
        String summary,
        Visualization visualization) {
      return store.complete(id, leaseToken, progress, summary, visualization);
    }

    @Override
    public boolean fail(UUID id, String leaseToken, QueryProgress progress, QueryError error) {
      return store.fail(id, leaseToken, progress, error);
    }

    @Override
    public boolean release(
        UUID id,
        String leaseToken,
        QueryProgress progress,
        boolean refundAttempt,
        Duration holdFor) {
      return store.release(id, leaseToken, progress, refundAttempt, holdFor);
    }

    @Override
    public void complete(UUID id, DataResult result, String summary, Visualization visualization) {
      store.complete(id, result, summary, visualization);
    }

    @Override
    public void fail(UUID id, QueryError error) {
      store.fail(id, error);
    }
  }

  /**
   * An engine whose analysis always fails with an unexpected exception, as a crashed model client
   * would.
   */
  private static final class CrashingEngine implements QueryEngine {
    private final OfflineQueryEngine offline = new OfflineQueryEngine();

    @Override
    public String name() {
      return "crashing";
    }

    @Override
    public EngineAnswer<SqlDraft> draft(QuestionContext context) {
      throw new IllegalStateException("engine crashed");
    }

    @Override
    public Optional<EngineAnswer<SqlDraft>> correct(
        QuestionContext context, List<SqlAttempt> failures) {
      return offline.correct(context, failures);
    }

    @Override
    public EngineAnswer<Interpretation> interpret(
        QuestionContext context, AIAnalysis analysis, String sql, DataResult result) {
      return offline.interpret(context, analysis, sql, result);
    }
  }

  private static QueryPipeline pipelineWith(QueryEngine engine) {
    return pipelineWith(env.components().queries(), new DataSourcePools(name -> null), engine);
  }

  private static QueryPipeline pipelineWith(
      QueryRepository queries, DataSourcePools pools, QueryEngine engine) {
    return WorkerFixtures.pipeline(env.components(), queries, pools, engine);
  }

  /** A handler that publishes completion events through {@code bus} right after each outcome. */
  private static QueryWorkerHandler publishingTo(CompletionEvents bus) {
    return new QueryWorkerHandler(
        pipelines.pipeline(),
        null,
        env.components().completionEventService(bus, CompletionEventService.Settings.DEFAULTS));
  }

  @Test
  void shouldPublishCompletedEvent_whenWorkerFinishesTheQuery() {
    List<CompletionEvent> published = new CopyOnWriteArrayList<>();
    UUID answered = submit("How many customers are there?");
    UUID refused = submit("what's the weather in Paris tomorrow?");
    QueryWorkerHandler publishing =
        publishingTo(
            batch -> {
              published.addAll(batch);
              return Map.of();
            });

    publishing.handleRequest(eventFor(answered), null);
    publishing.handleRequest(eventFor(refused), null);

    assertThat(published)
        .extracting(e -> e.detail().id() + " " + e.detailType())
        .containsExactly(answered + " QueryCompleted", refused + " QueryFailed");
    assertThat(published.get(1).detail().error().code()).isEqualTo("QUESTION_NOT_ANSWERABLE");
    assertThat(
            env.components().completionEvents().findByQuery(answered).orElseThrow().publishedAt())
        .isNotNull();
  }

  @Test
  void shouldKeepTheMessageDoneAndTheEventUnpublished_whenTheBusIsDown() {
    UUID id = submit("How many customers are there?");
    QueryWorkerHandler publishing =
        publishingTo(
            batch -> {
              throw new EventPublishException("bus down", null);
            });

    SQSBatchResponse response = publishing.handleRequest(eventFor(id), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(query(id).status()).isEqualTo(QueryStatus.COMPLETED);
    var stored = env.components().completionEvents().findByQuery(id).orElseThrow();
    assertThat(stored.publishedAt()).isNull();
    assertThat(stored.publishError()).isEqualTo("bus down");
  }

  private static UUID submit(String question) {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, "alice", question);
    return id;
  }

  private static UserQuery query(UUID id) {
    return env.components().queries().findById(id).orElseThrow();
  }
}
