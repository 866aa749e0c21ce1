package com.sqm.functions.worker;

import static com.sqm.functions.worker.WorkerFixtures.eventFor;
import static com.sqm.functions.worker.WorkerFixtures.flushCache;
import static com.sqm.functions.worker.WorkerFixtures.registerDemoShop;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.sqm.ai.QueryEngine;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.model.QueryStatus;
import com.sqm.model.UserQuery;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.pipeline.QueryPipeline;
import com.sqm.sql.DataSourcePools;
import com.sqm.store.Migrations;
import com.sqm.testing.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: the query store's Postgres (a server of this test's own) restarts while the
 * worker is in the middle of a question. The worker rides the restart out and the question is
 * answered once, its SQL written once.
 */
class StoreRestartFaultIT {
  private static final String SHOP_DB = "store_restart_shop";
  private static Path dataDir;
  private static int port;
  private static EmbeddedPostgresServer store;
  private static TestEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("store-restart-pg");
    store = EmbeddedPostgresServer.start(dataDir, 0);
    port = store.port();
    store.createDatabaseIfMissing("sqm");
    env =
        TestEnvironment.createUnmigrated(
            "store_restart_fault", Map.of("SQM_DB_URL", store.jdbcUrl("sqm")));
    Migrations.migrate(env.components().database());
    registerDemoShop(env, SHOP_DB);
    flushCache();
  }

  @AfterAll
  static void stop() {
    env.close();
    store.close();
  }

  @Test
  void shouldAnswerOnce_whenTheStoresPostgresRestartsWhileTheQuestionIsAnswered() throws Exception {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, "alice", "How many customers are there?");
    GatedEngine engine = new GatedEngine();
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (DataSourcePools pools = new DataSourcePools(name -> null)) {
      QueryWorkerHandler handler = new QueryWorkerHandler(pipelineWith(pools, engine));
      Future<SQSBatchResponse> firstDelivery =
          worker.submit(() -> handler.handleRequest(eventFor(id), null));
      assertThat(engine.drafting.await(60, TimeUnit.SECONDS)).isTrue();

      // While the engine writes the SQL, the store's server goes down and comes back.
      store.close();
      engine.release.countDown();
      store = EmbeddedPostgresServer.start(dataDir, port);

      List<SQSBatchResponse> responses = new ArrayList<>();
      responses.add(firstDelivery.get(60, TimeUnit.SECONDS));
      // A delivery the restart cut short is handed back; the queue delivers it again.
      while (!responses.get(responses.size() - 1).getBatchItemFailures().isEmpty()
          && responses.size() < PipelineComponents.MAX_ATTEMPTS) {
        responses.add(handler.handleRequest(eventFor(id), null));
      }
    } finally {
      engine.release.countDown();
      worker.shutdownNow();
    }

    UserQuery done = env.components().queries().findById(id).orElseThrow();
    assertThat(done.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(done.result().rowCount()).isEqualTo(1);
    assertThat(done.sqlAttempts()).hasSize(1);
    assertThat(engine.drafts.get()).isEqualTo(1);
  }

  private static QueryPipeline pipelineWith(DataSourcePools pools, QueryEngine engine) {
    return WorkerFixtures.pipeline(env.components(), env.components().queries(), pools, engine);
  }
}
