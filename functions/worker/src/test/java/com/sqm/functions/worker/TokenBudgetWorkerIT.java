package com.sqm.functions.worker;

import static com.sqm.functions.worker.WorkerFixtures.eventFor;
import static com.sqm.functions.worker.WorkerFixtures.flushCache;
import static com.sqm.functions.worker.WorkerFixtures.registerDemoShop;
import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.ai.openai.OpenAiStub;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStatus;
import com.sqm.model.UserQuery;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.testing.TestEnvironment;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily token budget in the worker, with the model engine against a scripted OpenAI stub: a
 * draft or an interpretation costs 120 tokens, and the budget is {@value #BUDGET} a day.
 */
class TokenBudgetWorkerIT {
  private static final String SHOP_DB = "token_budget_worker_it_shop";
  private static final long BUDGET = 250;
  private static final String QUESTION = "How many customers do we have?";

  private static TestEnvironment env;
  private OpenAiStub model;

  @BeforeAll
  static void start() {
    env =
        TestEnvironment.create(
            "token_budget_worker_it", Map.of("SQM_DAILY_TOKEN_BUDGET", String.valueOf(BUDGET)));
    registerDemoShop(env, SHOP_DB);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void startModel() {
    flushCache();
    model = OpenAiStub.start();
  }

  @AfterEach
  void stopModel() {
    model.close();
  }

  @Test
  void shouldAnswerWithTheModel_whenTheUserIsUnderTheBudget() {
    String user = spentToday(0);
    model.enqueue(
        OpenAiStub.draft("SELECT count(*) AS customers FROM customers"),
        OpenAiStub.interpretation("Counted."));
    UUID id = ask(user);

    process(id, modelSettings());

    UserQuery done = query(id);
    assertThat(done.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(model.requests()).hasSize(2);
    // the earlier query's submit, this one's, and its completion
    assertThat(env.auditOf(user))
        .containsExactly(
            "QUERY_SUBMITTED ACCEPTED", "QUERY_SUBMITTED ACCEPTED", "QUERY_COMPLETED COMPLETED");
  }

  @Test
  void shouldFailBudgetExceededWithoutCallingTheModel_whenTheUserHasSpentTheBudget() {
    String user = spentToday(BUDGET);
    model.enqueue(
        OpenAiStub.draft("SELECT count(*) AS customers FROM customers"),
        OpenAiStub.interpretation("Counted."));
    UUID id = ask(user);

    process(id, modelSettings());

    UserQuery failed = query(id);
    assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
    assertThat(failed.error().message())
        .contains("daily budget of " + BUDGET + " model tokens")
        .contains("resets at");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(model.requests()).isEmpty();
    assertThat(env.auditOf(user))
        .containsExactly(
            "QUERY_SUBMITTED ACCEPTED",
            "QUERY_SUBMITTED ACCEPTED",
            "QUERY_FAILED FAILED BUDGET_EXCEEDED");
  }

  @Test
  void shouldFailBudgetExceededBeforeInterpreting_whenTheDraftSpentTheRest() {
    String user = spentToday(BUDGET - 120);
    model.enqueue(
        OpenAiStub.draft("SELECT count(*) AS customers FROM customers"),
        OpenAiStub.interpretation("Counted."));
    UUID id = ask(user);

    process(id, modelSettings());

    UserQuery failed = query(id);
    assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
    assertThat(failed.sql()).isEqualTo("SELECT count(*) AS customers FROM customers");
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void shouldFailBudgetExceededInsteadOfCorrecting_whenTheFailedDraftSpentTheRest() {
    String user = spentToday(BUDGET - 120);
    model.enqueue(
        OpenAiStub.draft("SELECT nme FROM customers LIMIT 3"),
        OpenAiStub.draft("SELECT name FROM customers LIMIT 3"),
        OpenAiStub.interpretation("Three."));
    UUID id = ask(user);

    process(id, modelSettings());

    UserQuery failed = query(id);
    assertThat(failed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(failed.error().code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
    assertThat(failed.sqlAttempts()).hasSize(1);
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void shouldAnswerOffline_whenTheUserHasSpentTheBudgetButTheEngineUsesNoModel() {
    String user = spentToday(BUDGET * 10);
    UUID id = ask(user);

    process(id, Map.of());

    assertThat(query(id).status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(query(id).engine()).isEqualTo("offline");
  }

  private void process(UUID id, Map<String, String> settings) {
    try (PipelineComponents pipelines =
        PipelineComponents.create(env.components(), settings::get)) {
      new QueryWorkerHandler(pipelines.pipeline()).handleRequest(eventFor(id), null);
    }
  }

  private Map<String, String> modelSettings() {
    return Map.of(
        "OPENAI_API_KEY", "test-key",
        "OPENAI_BASE_URL", model.baseUrl(),
        "SQM_MODEL_MAX_RETRIES", "1",
        "SQM_MODEL_TIMEOUT_SECONDS", "5");
  }

  /** A new user who has spent {@code tokens} today, on an earlier finished query. */
  private static String spentToday(long tokens) {
    String user = "budget-" + UUID.randomUUID();
    env.execute(
        "INSERT INTO user_query (id, user_id, question, data_source_id, status, prompt_tokens,"
            + " completion_tokens) VALUES ('"
            + UUID.randomUUID()
            + "', '"
            + user
            + "', 'earlier', 'demo', 'COMPLETED', "
            + tokens
            + ", 0)");
    return user;
  }

  private static UUID ask(String user) {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, user, QUESTION);
    return id;
  }

  private static UserQuery query(UUID id) {
    return env.components().queries().findById(id).orElseThrow();
  }
}
