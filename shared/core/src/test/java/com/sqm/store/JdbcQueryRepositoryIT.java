package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.QueryType;
import com.sqm.model.SqlAttempt;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;
import com.sqm.model.UserQuery;
import com.sqm.model.Visualization;
import com.sqm.store.QueryRepository.Inserted;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcQueryRepositoryIT {
  private static TestEnvironment env;
  private static QueryRepository repository;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("query_repository_it");
    repository = env.components().queries();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
  }

  @Test
  void shouldStorePendingQuery_whenInserted() {
    Inserted inserted = repository.insert(newQuery("alice", "How many orders?", null));

    UserQuery query = inserted.query();
    assertThat(inserted.created()).isTrue();
    assertThat(query.status()).isEqualTo(QueryStatus.PENDING);
    assertThat(query.stage()).isEqualTo(QueryStage.RECEIVED);
    assertThat(query.attempts()).isZero();
    assertThat(query.options()).isEqualTo(new QueryOptions(50, false));
    assertThat(query.createdAt()).isNotNull();
    assertThat(repository.findById(query.id())).contains(query);
  }

  @Test
  void shouldReturnExistingQuery_whenSameUserRepeatsIdempotencyKey() {
    Inserted first = repository.insert(newQuery("alice", "How many orders?", "key-1"));

    Inserted repeat = repository.insert(newQuery("alice", "How many orders again?", "key-1"));

    assertThat(repeat.created()).isFalse();
    assertThat(repeat.query().id()).isEqualTo(first.query().id());
    assertThat(repeat.query().question()).isEqualTo("How many orders?");
    assertThat(env.countQueries()).isEqualTo(1);
  }

  @Test
  void shouldCreateSeparateQueries_whenOtherUserUsesSameKey() {
    Inserted alice = repository.insert(newQuery("alice", "q", "key-1"));

    Inserted bob = repository.insert(newQuery("bob", "q", "key-1"));

    assertThat(bob.created()).isTrue();
    assertThat(bob.query().id()).isNotEqualTo(alice.query().id());
  }

  @Test
  void shouldCreateSeparateQueries_whenNoIdempotencyKey() {
    repository.insert(newQuery("alice", "q", null));
    repository.insert(newQuery("alice", "q", null));

    assertThat(env.countQueries()).isEqualTo(2);
  }

  @Test
  void shouldClaimAndCountAttempts_whenPendingOrLeaseLapsed() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();

    UserQuery first = claimed(id);
    QueryRepository.Claim whileHeld = repository.claim(id, Duration.ofMinutes(1));
    assertThat(repository.releaseLeases()).isEqualTo(1);
    UserQuery second = claimed(id);

    assertThat(first.status()).isEqualTo(QueryStatus.PROCESSING);
    assertThat(first.attempts()).isEqualTo(1);
    assertThat(whileHeld).isInstanceOf(QueryRepository.Claim.Held.class);
    assertThat(second.attempts()).isEqualTo(2);
  }

  private UserQuery claimed(UUID id) {
    return ((QueryRepository.Claim.Granted) repository.claim(id, Duration.ofMinutes(1))).query();
  }

  @Test
  void shouldNotClaim_whenFinishedOrUnknown() {
    UUID completed = repository.insert(newQuery("alice", "q1", null)).query().id();
    UUID failed = repository.insert(newQuery("alice", "q2", null)).query().id();
    repository.complete(completed, result(1), "one", null);
    repository.fail(failed, QueryError.of(ErrorCode.SQL_REJECTED, "no"));

    assertThat(repository.claim(completed, Duration.ofMinutes(1)))
        .isInstanceOf(QueryRepository.Claim.Finished.class);
    assertThat(repository.claim(failed, Duration.ofMinutes(1)))
        .isInstanceOf(QueryRepository.Claim.Finished.class);
    assertThat(repository.claim(UUID.randomUUID(), Duration.ofMinutes(1)))
        .isInstanceOf(QueryRepository.Claim.Finished.class);
  }

  @Test
  void shouldListOnlyUnfinishedOldestFirst_whenAskedForRecovery() {
    UUID pending = repository.insert(newQuery("alice", "p", null)).query().id();
    UUID processing = repository.insert(newQuery("bob", "r", null)).query().id();
    UUID completed = repository.insert(newQuery("alice", "c", null)).query().id();
    UUID failed = repository.insert(newQuery("alice", "f", null)).query().id();
    claimed(processing);
    repository.complete(completed, result(1), "one", null);
    repository.fail(failed, QueryError.of(ErrorCode.SQL_REJECTED, "no"));

    assertThat(repository.findUnfinishedIds(10)).containsExactly(pending, processing);
    assertThat(repository.findUnfinishedIds(1)).containsExactly(pending);
  }

  @Test
  void shouldMergeStageTimings_whenRecordedOneByOne() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();

    repository.markStage(id, QueryStage.ANALYZING_INTENT);
    repository.recordStageTiming(id, QueryStage.ANALYZING_INTENT, 12);
    repository.markStage(id, QueryStage.GENERATING_SQL);
    repository.recordStageTiming(id, QueryStage.GENERATING_SQL, 34);
    repository.recordStageTiming(id, QueryStage.ANALYZING_INTENT, 15);

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(query.stage()).isEqualTo(QueryStage.GENERATING_SQL);
    assertThat(query.stageTimingsMs())
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of("ANALYZING_INTENT", 15L, "GENERATING_SQL", 34L));
  }

  @Test
  void shouldStoreAnalysisSqlAndAddTokens_whenSaved() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    AIAnalysis analysis =
        new AIAnalysis(
            QueryType.TOP_N,
            "top products",
            List.of("products"),
            List.of("revenue"),
            List.of("name"),
            List.of(),
            5,
            0.9);

    repository.saveAnalysis(id, analysis, new TokenUsage(100, 20));
    repository.saveSql(id, "SELECT name FROM products LIMIT 5", new TokenUsage(50, 10));

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(query.analysis()).isEqualTo(analysis);
    assertThat(query.sql()).isEqualTo("SELECT name FROM products LIMIT 5");
    assertThat(query.tokenUsage()).isEqualTo(new TokenUsage(150, 30));
  }

  @Test
  void shouldStoreInstructionsAndParent_whenInsertedAsFollowUp() {
    UUID parent = repository.insert(newQuery("alice", "Revenue by country", null)).query().id();

    UserQuery child =
        repository
            .insert(
                new NewQuery(
                    "alice",
                    "Only Germany",
                    TestEnvironment.DEMO,
                    QueryOptions.DEFAULTS,
                    null,
                    "Amounts in EUR, net of VAT.",
                    parent))
            .query();

    assertThat(child.instructions()).isEqualTo("Amounts in EUR, net of VAT.");
    assertThat(child.parentQueryId()).isEqualTo(parent);
    assertThat(repository.findById(child.id())).contains(child);
  }

  @Test
  void shouldAppendAttemptsInOrder_whenSqlAttemptsRecorded() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    SqlAttempt rejected =
        new SqlAttempt(
            1,
            "SELECT pg_sleep(1)",
            new QueryError(
                ErrorCode.SQL_REJECTED,
                "FORBIDDEN_FUNCTION: function pg_sleep is not allowed",
                "sql"),
            new TokenUsage(300, 40, 0.0021));
    SqlAttempt ran = new SqlAttempt(2, "SELECT count(*) FROM orders", null, TokenUsage.NONE);

    repository.recordSqlAttempt(id, rejected);
    repository.recordSqlAttempt(id, ran);

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(query.sqlAttempts()).containsExactly(rejected, ran);
    assertThat(query.sqlAttempts().get(1).succeeded()).isTrue();
  }

  @Test
  void shouldAddToStageAndTotals_whenUsageRecordedTwiceForOneStage() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();

    repository.recordUsage(
        id, QueryStage.GENERATING_SQL, "model", new TokenUsage(1000, 200, 0.0125));
    repository.recordUsage(id, QueryStage.GENERATING_SQL, "model", new TokenUsage(500, 50, 0.005));
    repository.recordUsage(id, QueryStage.ANALYZING_INTENT, null, new TokenUsage(100, 10, 0.001));

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(query.engine()).isEqualTo("model");
    assertThat(query.stageUsage())
        .containsExactly(
            Map.entry(QueryStage.ANALYZING_INTENT.name(), new TokenUsage(100, 10, 0.001)),
            Map.entry(QueryStage.GENERATING_SQL.name(), new TokenUsage(1500, 250, 0.0175)));
    assertThat(query.tokenUsage()).isEqualTo(new TokenUsage(1600, 260, 0.0185));
  }

  @Test
  void shouldLoseNoAddition_whenUsageRecordedConcurrently() throws Exception {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    List<QueryStage> stages =
        List.of(QueryStage.ANALYZING_INTENT, QueryStage.GENERATING_SQL, QueryStage.SUMMARIZING);
    ExecutorService threads = Executors.newFixedThreadPool(stages.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (QueryStage stage : stages) {
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 20; i++) {
                    repository.recordUsage(id, stage, "model", new TokenUsage(10, 1, 0.01));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(query.stageUsage().values())
        .hasSize(3)
        .allSatisfy(u -> assertThat(u).isEqualTo(new TokenUsage(200, 20, 0.2)));
    assertThat(query.tokenUsage()).isEqualTo(new TokenUsage(600, 60, 0.6));
  }

  @Test
  void shouldStoreAnswer_whenCompleted() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    var spec = JsonNodeFactory.instance.objectNode().put("mark", "bar");
    Visualization chart = new Visualization(ChartType.BAR, "Revenue", spec);

    repository.complete(id, result(3), "Three rows.", chart);

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(query.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(query.stage()).isEqualTo(QueryStage.DONE);
    assertThat(query.result().rows()).hasSize(3);
    assertThat(query.result().columns())
        .containsExactly(new ColumnMeta("n", "int4"), new ColumnMeta("label", "text"));
    assertThat(query.summary()).isEqualTo("Three rows.");
    assertThat(query.visualization()).isEqualTo(chart);
    assertThat(query.completedAt()).isNotNull();
  }

  @Test
  void shouldKeepLeadingRowsAndMarkTruncated_whenResultTooLarge() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    String wide = String.join("", Collections.nCopies(1_000, "x"));
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      rows.add(List.of(i, wide));
    }

    repository.complete(
        id,
        new DataResult(
            List.of(new ColumnMeta("n", "int4"), new ColumnMeta("label", "text")),
            rows,
            rows.size(),
            false),
        "big",
        null);

    DataResult stored = repository.findById(id).orElseThrow().result();
    assertThat(stored.truncated()).isTrue();
    assertThat(stored.rows()).isNotEmpty().hasSizeLessThan(5_000);
    assertThat(stored.rows().get(0).get(0)).isEqualTo(0);
  }

  @Test
  void shouldStoreError_whenFailed() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();

    repository.fail(id, new QueryError(ErrorCode.SQL_REJECTED, "only SELECT is allowed", "sql"));

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(query.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(query.error())
        .isEqualTo(new QueryError(ErrorCode.SQL_REJECTED, "only SELECT is allowed", "sql"));
  }

  @Test
  void shouldKeepTheFirstOutcome_whenASecondDeliveryFinishesTheSameQueryLater() {
    // Two deliveries of one message may run at once (claims allow PROCESSING -> PROCESSING); the
    // slower one must not overwrite what the poller was already shown.
    UUID completed = repository.insert(newQuery("alice", "q1", null)).query().id();
    UUID failed = repository.insert(newQuery("alice", "q2", null)).query().id();
    claimed(completed);
    claimed(failed);
    repository.complete(completed, result(1), "one", null);
    repository.fail(failed, QueryError.of(ErrorCode.SQL_REJECTED, "no"));

    repository.markStage(completed, QueryStage.EXECUTING_SQL);
    repository.fail(completed, QueryError.of(ErrorCode.DATASOURCE_TIMEOUT, "too slow"));
    repository.markStage(failed, QueryStage.SUMMARIZING);
    repository.complete(failed, result(2), "two", null);

    UserQuery stillCompleted = repository.findById(completed).orElseThrow();
    assertThat(stillCompleted.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(stillCompleted.stage()).isEqualTo(QueryStage.DONE);
    assertThat(stillCompleted.error()).isNull();
    assertThat(stillCompleted.result().rows()).hasSize(1);
    UserQuery stillFailed = repository.findById(failed).orElseThrow();
    assertThat(stillFailed.status()).isEqualTo(QueryStatus.FAILED);
    assertThat(stillFailed.stage()).isEqualTo(QueryStage.RECEIVED);
    assertThat(stillFailed.error().code()).isEqualTo(ErrorCode.SQL_REJECTED);
    assertThat(stillFailed.result()).isNull();
  }

  @Test
  void shouldKeepRowContentOutOfTheError_whenTheDatabaseRejectsARow() {
    String question = "salary of employee 4711 named Jane Roe";

    // The idempotency key's CHECK constraint fails; Postgres would add "Failing row contains
    // (...)".
    assertThatThrownBy(() -> repository.insert(newQuery("alice", question, "k".repeat(201))))
        .isInstanceOf(StoreException.class)
        .satisfies(
            e -> {
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("Jane Roe");
              }
            });
  }

  @Test
  void shouldPageNewestFirst_whenListingUserHistory() {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(repository.insert(newQuery("alice", "q" + i, null)).query().id());
    }
    repository.insert(newQuery("bob", "not alice's", null));
    Collections.reverse(ids);

    Page<UserQuery> first = repository.findByUser("alice", null, 2);
    Page<UserQuery> second = repository.findByUser("alice", first.nextCursor(), 2);
    Page<UserQuery> third = repository.findByUser("alice", second.nextCursor(), 2);

    assertThat(first.items()).extracting(UserQuery::id).containsExactly(ids.get(0), ids.get(1));
    assertThat(second.items()).extracting(UserQuery::id).containsExactly(ids.get(2), ids.get(3));
    assertThat(third.items()).extracting(UserQuery::id).containsExactly(ids.get(4));
    assertThat(third.nextCursor()).isNull();
  }

  @Test
  void shouldOrderById_whenCreatedAtTies() {
    env.execute(
        "INSERT INTO user_query (id, user_id, question, data_source_id, created_at) VALUES"
            + " ('00000000-0000-0000-0000-000000000001', 'carol', 'a', 'demo', '2025-01-01T00:00:00Z'),"
            + " ('00000000-0000-0000-0000-000000000003', 'carol', 'c', 'demo', '2025-01-01T00:00:00Z'),"
            + " ('00000000-0000-0000-0000-000000000002', 'carol', 'b', 'demo', '2025-01-01T00:00:00Z')");

    Page<UserQuery> first = repository.findByUser("carol", null, 1);
    Page<UserQuery> rest = repository.findByUser("carol", first.nextCursor(), 10);

    assertThat(first.items()).extracting(UserQuery::question).containsExactly("c");
    assertThat(rest.items()).extracting(UserQuery::question).containsExactly("b", "a");
  }

  @Test
  void shouldRejectCursor_whenTampered() {
    assertThatThrownBy(() -> repository.findByUser("alice", "garbage!", 10))
        .isInstanceOfSatisfying(SqmException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
  }

  private static NewQuery newQuery(String user, String question, String key) {
    return new NewQuery(user, question, TestEnvironment.DEMO, new QueryOptions(50, false), key);
  }

  private static DataResult result(int rowCount) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < rowCount; i++) {
      rows.add(List.of(i, "row " + i));
    }
    return new DataResult(
        List.of(new ColumnMeta("n", "int4"), new ColumnMeta("label", "text")),
        rows,
        rowCount,
        false);
  }
}
