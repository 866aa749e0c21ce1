package com.sqm.functions.worker;

import static com.sqm.functions.worker.WorkerFixtures.eventFor;
import static com.sqm.functions.worker.WorkerFixtures.flushCache;
import static com.sqm.functions.worker.WorkerFixtures.registerDemoShop;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.sqm.ai.openai.OpenAiStub;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.UserQuery;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.testing.TestEnvironment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: a worker JVM killed with SIGKILL in the middle of a stage. The query it held is
 * taken over once its lease lapses, resumes at the stage that was cut off, and is answered once:
 * the SQL is neither written by the model nor run a second time.
 */
class WorkerCrashFaultIT {
  private static final String SHOP_DB = "worker_crash_shop";
  private static TestEnvironment env;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("worker_crash_fault");
    registerDemoShop(env, SHOP_DB);
    flushCache();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldResumeAtTheInterruptedStageAndAnswerOnce_whenTheWorkerJvmIsKilledMidStage()
      throws Exception {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, "alice", "How many customers do we have?");
    try (OpenAiStub model = OpenAiStub.start()) {
      model.enqueue(
          OpenAiStub.draft("SELECT count(*) AS customers FROM customers"),
          // The dying worker's interpretation never comes back: it is killed while waiting.
          OpenAiStub.interpretation("never delivered").after(Duration.ofMinutes(5)),
          OpenAiStub.interpretation("Counted by the worker that took over."));
      Path log = Files.createTempFile("worker-process", ".log");
      Process worker = startWorker(id, model, log);
      try {
        awaitCondition(() -> model.requests().size() == 2, worker, log);
        UserQuery interrupted = query(id);
        assertThat(interrupted.status()).isEqualTo(QueryStatus.PROCESSING);
        assertThat(interrupted.stage()).isEqualTo(QueryStage.SUMMARIZING);

        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        worker.destroyForcibly();
        Files.deleteIfExists(log);
      }
      // The dead worker's lease runs out (in production: 30 s after its invocation's deadline).
      env.execute("UPDATE user_query SET lease_until = clock_timestamp() WHERE id = '" + id + "'");
      SQSBatchResponse response;
      try (PipelineComponents takeover = pipelines(model)) {
        response = new QueryWorkerHandler(takeover.pipeline()).handleRequest(eventFor(id), null);
      }

      assertThat(response.getBatchItemFailures()).isEmpty();
      UserQuery done = query(id);
      assertThat(done.status()).isEqualTo(QueryStatus.COMPLETED);
      assertThat(done.summary()).isEqualTo("Counted by the worker that took over.");
      assertThat(done.attempts()).isEqualTo(2);
      // Written once by the model, run once: the second worker resumed at SUMMARIZING.
      assertThat(done.sqlAttempts()).hasSize(1);
      assertThat(model.requests()).hasSize(3);
      assertThat(done.result().rowCount()).isEqualTo(1);
    }
  }

  private static Process startWorker(UUID id, OpenAiStub model, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkerProcess.class.getName());
    modelSettings(model).forEach((name, value) -> command.add(name + "=" + value));
    command.add("SQM_DB_URL=" + env.config().dbUrl());
    command.add("SQM_DB_USER=" + env.config().dbUser());
    command.add("SQM_QUEUE_URL=" + env.config().queueUrl());
    command.add("SQM_SQS_ENDPOINT=" + env.config().sqsEndpoint().orElseThrow());
    command.add("SQM_REDIS_URL=" + env.config().redisUrl().orElseThrow());
    command.add("QUERY_ID=" + id);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File("."))
        .start();
  }

  private static Map<String, String> modelSettings(OpenAiStub model) {
    Map<String, String> settings = new HashMap<>();
    settings.put("OPENAI_API_KEY", "test-key");
    settings.put("OPENAI_BASE_URL", model.baseUrl());
    settings.put("SQM_MODEL_MAX_RETRIES", "0");
    settings.put("SQM_MODEL_TIMEOUT_SECONDS", "600");
    return settings;
  }

  private static PipelineComponents pipelines(OpenAiStub model) {
    Map<String, String> settings = modelSettings(model);
    settings.put("SQM_MODEL_TIMEOUT_SECONDS", "5");
    return PipelineComponents.create(env.components(), settings::get);
  }

  /** Waits for {@code condition}, failing early with the worker's log if the worker died. */
  private static void awaitCondition(BooleanSupplier condition, Process worker, Path log)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!condition.getAsBoolean()) {
      if (!worker.isAlive()) {
        throw new AssertionError("the worker exited early:\n" + Files.readString(log));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the worker never reached the stage:\n" + Files.readString(log));
      }
      worker.waitFor(50, TimeUnit.MILLISECONDS);
    }
  }

  private static UserQuery query(UUID id) {
    return env.components().queries().findById(id).orElseThrow();
  }
}
