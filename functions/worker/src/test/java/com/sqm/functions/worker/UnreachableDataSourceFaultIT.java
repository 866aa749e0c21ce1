package com.sqm.functions.worker;

import static com.sqm.functions.worker.WorkerFixtures.flushCache;
import static com.sqm.functions.worker.WorkerFixtures.letTheBackoffPass;
import static com.sqm.functions.worker.WorkerFixtures.registerDemoShop;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStatus;
import com.sqm.model.UserQuery;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.testing.TestEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault scenario "unreachable data source": questions on a data source nothing answers end
 * DATASOURCE_ERROR once their attempts run out, and the breaker keeps them from holding up a
 * question on the demo data in the same batch.
 */
class UnreachableDataSourceFaultIT {
  private static final String SHOP_DB = "worker_it_shop";
  private static TestEnvironment env;
  private static PipelineComponents pipelines;
  private static QueryWorkerHandler handler;

  @BeforeAll
  static void start() throws IOException {
    env = TestEnvironment.create("worker_unreachable_it");
    registerDemoShop(env, SHOP_DB);
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    upsert("down", "jdbc:postgresql://localhost:" + closed + "/shop?user=reader&password=s3cret");
    // a short connect timeout keeps the test quick; the breaker opens after its default 3 failures
    pipelines =
        PipelineComponents.create(
            env.components(),
            name -> name.equals("SQM_DATASOURCE_CONNECT_TIMEOUT_MS") ? "250" : null);
    handler = new QueryWorkerHandler(pipelines.pipeline());
    flushCache();
  }

  @AfterAll
  static void stop() {
    pipelines.close();
    env.close();
  }

  private static void upsert(String id, String url) {
    env.components()
        .dataSources()
        .upsert(
            new DataSourceConfig(
                id, id, "", url, List.of("public"), true, DataSourceLimits.DEFAULTS));
  }

  private static UUID submit(String dataSourceId) {
    UUID id = UUID.randomUUID();
    env.execute(
        "INSERT INTO user_query (id, user_id, question, data_source_id) VALUES ('"
            + id
            + "', 'alice', 'How many customers are there?', '"
            + dataSourceId
            + "')");
    return id;
  }

  private static SQSEvent eventFor(List<UUID> ids) {
    SQSEvent template = EventLoader.loadSQSEvent("events/sqs-query-message.json");
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (UUID id : ids) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(id.toString());
      m.setBody("{\"queryId\":\"" + id + "\"}");
      m.setAttributes(template.getRecords().get(0).getAttributes());
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  @Test
  void shouldEndDatasourceErrorWithoutHoldingUpDemo_whenDataSourceIsUnreachable() {
    // Arrange: six questions on the unreachable data source, then one on the demo data
    List<UUID> down = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      down.add(submit("down"));
    }
    UUID demo = submit("demo");
    List<UUID> batch = new ArrayList<>(down);
    batch.add(demo);

    // Act
    SQSBatchResponse first = handler.handleRequest(eventFor(batch), null);
    UserQuery demoAnswer = env.components().queries().findById(demo).orElseThrow();
    for (int delivery = 2; delivery <= PipelineComponents.MAX_ATTEMPTS; delivery++) {
      down.forEach(id -> letTheBackoffPass(env, id));
      handler.handleRequest(eventFor(down), null);
    }

    // Assert
    assertThat(demoAnswer.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(first.getBatchItemFailures())
        .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactlyElementsOf(down.stream().map(UUID::toString).toList());
    for (UUID id : down) {
      UserQuery failed = env.components().queries().findById(id).orElseThrow();
      assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
      assertThat(failed.error().code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
      assertThat(failed.error().message())
          .containsAnyOf("data source down is unreachable", "cannot connect to data source down")
          .endsWith("(gave up after " + PipelineComponents.MAX_ATTEMPTS + " attempts)")
          .doesNotContain("s3cret");
    }
  }
}
