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
  void shouldWriteEveryPartOfTheProgress_whenTheLeaseHolds() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    QueryRepository.Claim.Granted claim = claim(id);
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
    SqlAttempt rejected =
        new SqlAttempt(
            1,
            "SELECT pg_sleep(1)",
            new QueryError(
                ErrorCode.SQL_REJECTED,
                "FORBIDDEN_FUNCTION: function pg_sleep is not allowed",
                "sql"),
            new TokenUsage(300, 40, 0.0021));
    SqlAttempt ran = new SqlAttempt(2, "SELECT name FROM products LIMIT 5", null, TokenUsage.NONE);
    QueryProgress progress =
        new QueryProgress(
            QueryStage.SUMMARIZING,
            Map.of("ANALYZING_INTENT", 12L, "GENERATING_SQL", 34L),
            analysis,
            "SELECT name FROM products LIMIT 5",
            2,
            List.of(rejected, ran),
            "model",
            Map.of("GENERATING_SQL", new TokenUsage(1500, 250, 0.0175)),
            new TokenUsage(1500, 250, 0.0175),
            result(3),
            "{\"summary\": \"Three.\"}");

    boolean written = repository.recordProgress(id, claim.leaseToken(), progress);

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(written).isTrue();
    assertThat(query.status()).isEqualTo(QueryStatus.PROCESSING);
    assertThat(query.stage()).isEqualTo(QueryStage.SUMMARIZING);
    assertThat(query.stageTimingsMs())
        .containsExactlyInAnyOrderEntriesOf(Map.of("ANALYZING_INTENT", 12L, "GENERATING_SQL", 34L));
    assertThat(query.analysis()).isEqualTo(analysis);
    assertThat(query.sql()).isEqualTo("SELECT name FROM products LIMIT 5");
    assertThat(query.drafts()).isEqualTo(2);
    assertThat(query.sqlAttempts()).containsExactly(rejected, ran);
    assertThat(query.engine()).isEqualTo("model");
    assertThat(query.stageUsage())
        .containsExactly(Map.entry("GENERATING_SQL", new TokenUsage(1500, 250, 0.0175)));
    assertThat(query.tokenUsage()).isEqualTo(new TokenUsage(1500, 250, 0.0175));
    assertThat(query.result().rows()).hasSize(3);
    assertThat(query.interpretation()).contains("Three.");
    assertThat(QueryProgress.of(query)).isEqualTo(progress);
  }

  @Test
  void shouldIgnoreTheFormerWorker_whenItsLapsedLeaseWasTakenOver() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    QueryRepository.Claim.Granted first = claim(id);
    repository.releaseLeases();
    QueryRepository.Claim.Granted second = claim(id);
    QueryProgress late = withStage(QueryProgress.of(first.query()), QueryStage.EXECUTING_SQL);

    boolean formerWrote = repository.recordProgress(id, first.leaseToken(), late);
    boolean formerFinished =
        repository.complete(id, first.leaseToken(), late, "from the former worker", null);
    boolean currentWrote =
        repository.recordProgress(
            id, second.leaseToken(), withStage(late, QueryStage.GENERATING_SQL));

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(formerWrote).isFalse();
    assertThat(formerFinished).isFalse();
    assertThat(currentWrote).isTrue();
    assertThat(query.status()).isEqualTo(QueryStatus.PROCESSING);
    assertThat(query.stage()).isEqualTo(QueryStage.GENERATING_SQL);
    assertThat(query.attempts()).isEqualTo(2);
  }

  @Test
  void shouldLetTheNextDeliveryClaimAtOnceAndRefundTheAttempt_whenReleasedOutOfTime() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    QueryRepository.Claim.Granted claim = claim(id);

    boolean released =
        repository.release(
            id,
            claim.leaseToken(),
            withStage(QueryProgress.of(claim.query()), QueryStage.ANALYZING_INTENT),
            true,
            Duration.ZERO);
    QueryRepository.Claim next = repository.claim(id, Duration.ofMinutes(1));

    assertThat(released).isTrue();
    assertThat(next).isInstanceOf(QueryRepository.Claim.Granted.class);
    assertThat(((QueryRepository.Claim.Granted) next).query().attempts()).isEqualTo(1);
    assertThat(((QueryRepository.Claim.Granted) next).query().stage())
        .isEqualTo(QueryStage.ANALYZING_INTENT);
  }

  @Test
  void shouldHoldTheLeaseThroughTheBackoff_whenReleasedForALaterRetry() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    QueryRepository.Claim.Granted claim = claim(id);

    repository.release(
        id, claim.leaseToken(), QueryProgress.of(claim.query()), false, Duration.ofMinutes(1));
    QueryRepository.Claim early = repository.claim(id, Duration.ofMinutes(1));

    assertThat(early).isInstanceOf(QueryRepository.Claim.Held.class);
    assertThat(repository.findById(id).orElseThrow().attempts()).isEqualTo(1);
  }

  @Test
  void shouldCompleteWithTheProgressRows_whenCompletedUnderTheLease() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    QueryRepository.Claim.Granted claim = claim(id);
    QueryProgress progress = QueryProgress.of(claim.query());
    QueryProgress withRows =
        new QueryProgress(
            QueryStage.VISUALIZING,
            progress.stageTimingsMs(),
            progress.analysis(),
            "SELECT 1",
            1,
            progress.sqlAttempts(),
            "offline",
            progress.stageUsage(),
            progress.totalUsage(),
            result(2),
            null);

    boolean completed = repository.complete(id, claim.leaseToken(), withRows, "Two rows.", null);

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(completed).isTrue();
    assertThat(query.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(query.stage()).isEqualTo(QueryStage.DONE);
    assertThat(query.result().rows()).hasSize(2);
    assertThat(query.summary()).isEqualTo("Two rows.");
    assertThat(query.completedAt()).isNotNull();
  }

  @Test
  void shouldKeepTheStoredRows_whenALaterStageWritesNoResult() {
    UUID id = repository.insert(newQuery("alice", "q", null)).query().id();
    QueryRepository.Claim.Granted claim = claim(id);
    QueryProgress claimed = QueryProgress.of(claim.query());
    QueryProgress executed =
        new QueryProgress(
            QueryStage.SUMMARIZING,
            claimed.stageTimingsMs(),
            claimed.analysis(),
            "SELECT 1",
            1,
            claimed.sqlAttempts(),
            "offline",
            claimed.stageUsage(),
            claimed.totalUsage(),
            result(4),
            null);
    repository.recordProgress(id, claim.leaseToken(), executed);

    boolean completed =
        repository.complete(
            id,
            claim.leaseToken(),
            entering(QueryStage.VISUALIZING, executed, null),
            "Four rows.",
            null);

    UserQuery query = repository.findById(id).orElseThrow();
    assertThat(completed).isTrue();
    assertThat(query.status()).isEqualTo(QueryStatus.COMPLETED);
    assertThat(query.result().rows()).hasSize(4);
  }

  private QueryRepository.Claim.Granted claim(UUID id) {
    return (QueryRepository.Claim.Granted) repository.claim(id, Duration.ofMinutes(1));
  }

  private static QueryProgress withStage(QueryProgress p, QueryStage stage) {
    return entering(stage, p, p.result());
  }

  /** {@code p} in {@code stage}, with {@code result} as its rows (null: the stored rows stay). */
  private static QueryProgress entering(QueryStage stage, QueryProgress p, DataResult result) {
    return new QueryProgress(
        stage,
        p.stageTimingsMs(),
        p.analysis(),
        p.sql(),
        p.drafts(),
        p.sqlAttempts(),
        p.engine(),
        p.stageUsage(),
        p.totalUsage(),
        result,
        p.interpretation());
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
    // A writer without a lease (a sweeper giving up) must not overwrite what the poller was shown.
    UUID completed = repository.insert(newQuery("alice", "q1", null)).query().id();
    UUID failed = repository.insert(newQuery("alice", "q2", null)).query().id();
    claimed(completed);
    claimed(failed);
    repository.complete(completed, result(1), "one", null);
    repository.fail(failed, QueryError.of(ErrorCode.SQL_REJECTED, "no"));

    repository.fail(completed, QueryError.of(ErrorCode.DATASOURCE_TIMEOUT, "too slow"));
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
