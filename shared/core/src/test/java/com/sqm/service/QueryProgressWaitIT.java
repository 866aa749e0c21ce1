package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryResponse;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.SqmException;
import com.sqm.store.Database;
import com.sqm.store.PerWaitQueryChanges;
import com.sqm.store.PostgresQueryChanges;
import com.sqm.store.QueryChanges;
import com.sqm.store.QueryRepository;
import com.sqm.testing.ClaimedProgress;
import com.sqm.testing.TestEnvironment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /queries/{id}?wait=N} on a real Postgres: the service waits on the store's
 * notifications (migration V7's trigger, {@link PostgresQueryChanges}). Every wait below is 20 s
 * unless the test is about the deadline, and every answer is expected well within it: a wait that
 * missed its change would run into the {@code future.get} limit and fail.
 */
class QueryProgressWaitIT {
  private static final ProgressWait TWENTY_SECONDS = ProgressWait.of(20, null, null);

  /** Far below the 20 s wait: an answer within it came from the change, not the deadline. */
  private static final long ANSWER_WITHIN_SECONDS = 10;

  /** Longer than any wait here: the service re-reads only when notified. */
  private static final Duration NO_RECHECK = Duration.ofMinutes(1);

  private static TestEnvironment env;
  private static QueryRepository queries;
  private static PostgresQueryChanges changes;
  private static QueryReadService service;
  private static ExecutorService requests;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("progress_wait_it");
    queries = env.components().queries();
    changes = (PostgresQueryChanges) env.components().queryChanges();
    // Re-reads only when signalled within a wait: an answer before the deadline proves the
    // notification arrived (the fallback re-read has a test of its own).
    service = new QueryReadService(queries, changes, NO_RECHECK);
    requests = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stop() {
    requests.shutdownNow();
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
  }

  @AfterEach
  void everyWaitLetGo() {
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.subscriptions() == 0);
  }

  @Test
  void shouldAnswerWithNewStage_whenWorkerRecordsProgressMidWait() throws Exception {
    UUID id = insert("alice");
    QueryRepository.Claim.Granted claim = claim(id);
    Future<QueryResponse> answer =
        requests.submit(() -> service.get(id, Caller.user("alice"), TWENTY_SECONDS));
    awaitWaiting(1);

    queries.recordProgress(
        id, claim.leaseToken(), ClaimedProgress.movedTo(claim, QueryStage.GENERATING_SQL));

    QueryResponse response = answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(QueryStatus.PROCESSING);
    assertThat(response.stage()).isEqualTo(QueryStage.GENERATING_SQL);
  }

  @Test
  void shouldAnswerWithNewStatus_whenAdminWaitsOnAnotherUsersQuery() throws Exception {
    UUID id = insert("bob");
    Future<QueryResponse> answer =
        requests.submit(() -> service.get(id, Caller.admin("root"), TWENTY_SECONDS));
    awaitWaiting(1);

    claim(id);

    assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).status())
        .isEqualTo(QueryStatus.PROCESSING);
  }

  @Test
  void shouldAnswerAtOnce_whenQueryAlreadyFinished() throws Exception {
    UUID id = insert("alice");
    queries.fail(id, QueryError.of(ErrorCode.INTERNAL_ERROR, "gave up"));

    Future<QueryResponse> answer =
        requests.submit(() -> service.get(id, Caller.user("alice"), TWENTY_SECONDS));

    // Nothing changes the query any more: only an answer that did not wait arrives in time.
    assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).status())
        .isEqualTo(QueryStatus.FAILED);
  }

  @Test
  void shouldAnswerAtOnce_whenRowAlreadyDiffersFromWhatCallerSaw() throws Exception {
    UUID id = insert("alice");
    claim(id);

    Future<QueryResponse> answer =
        requests.submit(
            () ->
                service.get(
                    id,
                    Caller.user("alice"),
                    ProgressWait.of(20, QueryStatus.PENDING, QueryStage.RECEIVED)));

    assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).status())
        .isEqualTo(QueryStatus.PROCESSING);
  }

  @Test
  void shouldAnswerCurrentRow_whenNothingChangesBeforeDeadline() {
    UUID id = insert("alice");
    claim(id);

    QueryResponse response = service.get(id, Caller.user("alice"), ProgressWait.of(1, null, null));

    assertThat(response.id()).isEqualTo(id);
    assertThat(response.status()).isEqualTo(QueryStatus.PROCESSING);
  }

  @Test
  void shouldAnswerNotFoundWithoutWaiting_whenQueryIsAnotherUsers() {
    UUID id = insert("bob");

    Future<QueryResponse> answer =
        requests.submit(() -> service.get(id, Caller.user("alice"), TWENTY_SECONDS));

    assertThatThrownBy(() -> answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void shouldAnswerOnNextChange_whenListenerConnectionKilledMidWait() throws Exception {
    UUID id = insert("alice");
    QueryRepository.Claim.Granted claim = claim(id);
    Future<QueryResponse> answer =
        requests.submit(() -> service.get(id, Caller.user("alice"), TWENTY_SECONDS));
    awaitWaiting(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> listenerPids().size() == 1);
    List<Integer> before = listenerPids();

    env.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = " + before.get(0));
    queries.recordProgress(
        id, claim.leaseToken(), ClaimedProgress.movedTo(claim, QueryStage.EXECUTING_SQL));

    assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).stage())
        .isEqualTo(QueryStage.EXECUTING_SQL);
    await().atMost(Duration.ofSeconds(5)).until(() -> listenerPids().size() == 1);
    assertThat(listenerPids()).doesNotContainAnyElementsOf(before);
  }

  @Test
  void shouldAnswerOnChange_whenListenerConnectionDiedWhileNoOneWaited() throws Exception {
    // As in a Lambda container frozen between invocations: the listener keeps its connection
    // after a wait, and the connection dies while nothing runs.
    UUID id = insert("alice");
    QueryRepository.Claim.Granted claim = claim(id);
    Future<QueryResponse> earlier =
        requests.submit(() -> service.get(id, Caller.user("alice"), TWENTY_SECONDS));
    awaitWaiting(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> listenerPids().size() == 1);
    queries.recordProgress(
        id, claim.leaseToken(), ClaimedProgress.movedTo(claim, QueryStage.GENERATING_SQL));
    earlier.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
    assertThat(changes.subscriptions()).isZero();
    env.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = "
            + listenerPids().get(0));

    Future<QueryResponse> answer =
        requests.submit(() -> service.get(id, Caller.user("alice"), TWENTY_SECONDS));
    awaitWaiting(1);
    queries.recordProgress(
        id, claim.leaseToken(), ClaimedProgress.movedTo(claim, QueryStage.VALIDATING_SQL));

    assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).stage())
        .isEqualTo(QueryStage.VALIDATING_SQL);
  }

  @Test
  void shouldAnswerAtOnce_whenProcessHoldsAsManyWaitsAsAllowed() throws Exception {
    UUID id = insert("alice");
    claim(id);
    try (PostgresQueryChanges oneWait =
        new PostgresQueryChanges(
            Database.listenerConnector(env.config(), env.config().dbPassword()),
            1,
            Duration.ofSeconds(1))) {
      QueryReadService capped = new QueryReadService(queries, oneWait, NO_RECHECK);
      Optional<QueryChanges.Subscription> held = oneWait.subscribe(UUID.randomUUID());
      assertThat(held).isPresent();

      Future<QueryResponse> answer =
          requests.submit(() -> capped.get(id, Caller.user("alice"), TWENTY_SECONDS));

      assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).status())
          .isEqualTo(QueryStatus.PROCESSING);
      assertThat(oneWait.subscriptions()).isEqualTo(1);
      held.get().close();
      assertThat(oneWait.subscriptions()).isZero();
    }
  }

  @Test
  void shouldSeeChangeByRereading_whenNoNotificationArrives() throws Exception {
    UUID id = insert("alice");
    QueryRepository.Claim.Granted claim = claim(id);
    SilentChanges silent = new SilentChanges();
    QueryReadService rereading = new QueryReadService(queries, silent, Duration.ofMillis(200));
    Future<QueryResponse> answer =
        requests.submit(() -> rereading.get(id, Caller.user("alice"), TWENTY_SECONDS));
    await().atMost(Duration.ofSeconds(5)).until(() -> silent.awaits > 0);

    queries.recordProgress(
        id, claim.leaseToken(), ClaimedProgress.movedTo(claim, QueryStage.SUMMARIZING));

    assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).stage())
        .isEqualTo(QueryStage.SUMMARIZING);
  }

  /** Grants subscriptions that are never signalled, as if every notification were lost. */
  private static final class SilentChanges implements QueryChanges {
    private final CountDownLatch never = new CountDownLatch(1);
    volatile int awaits;

    @Override
    public Optional<Subscription> subscribe(UUID id) {
      return Optional.of(
          new Subscription() {
            @Override
            public boolean await(Duration timeout) throws InterruptedException {
              awaits++;
              return never.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void close() {}
          });
    }
  }

  @Test
  void shouldAnswerOnChangeAndKeepNoConnection_whenEachWaitListensOnItsOwn() throws Exception {
    // How a Lambda container waits: it is frozen right after answering, so nothing may stay open.
    UUID id = insert("alice");
    QueryRepository.Claim.Granted claim = claim(id);
    try (PerWaitQueryChanges perWait = new PerWaitQueryChanges(taggedConnector(), 1)) {
      QueryReadService lambdaService = new QueryReadService(queries, perWait, NO_RECHECK);
      Future<QueryResponse> answer =
          requests.submit(() -> lambdaService.get(id, Caller.user("alice"), TWENTY_SECONDS));
      await().atMost(Duration.ofSeconds(5)).until(() -> perWaitBackends(true) == 1);

      queries.recordProgress(
          id, claim.leaseToken(), ClaimedProgress.movedTo(claim, QueryStage.GENERATING_SQL));

      assertThat(answer.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS).stage())
          .isEqualTo(QueryStage.GENERATING_SQL);
      assertThat(perWait.subscriptions()).isZero();
      // Closed before the answer returned; the server only needs a moment to end the backend.
      await().atMost(Duration.ofSeconds(5)).until(() -> perWaitBackends(false) == 0);
    }
  }

  @Test
  void shouldOpenNoConnection_whenQueryFinishedOrNotTheCallers() {
    UUID finished = insert("alice");
    queries.fail(finished, QueryError.of(ErrorCode.INTERNAL_ERROR, "gave up"));
    UUID bobs = insert("bob");
    AtomicInteger opened = new AtomicInteger();
    PostgresQueryChanges.Connector connector =
        Database.listenerConnector(env.config(), env.config().dbPassword());
    try (PerWaitQueryChanges perWait =
        new PerWaitQueryChanges(
            () -> {
              opened.incrementAndGet();
              return connector.open();
            },
            1)) {
      QueryReadService lambdaService = new QueryReadService(queries, perWait, NO_RECHECK);

      assertThat(lambdaService.get(finished, Caller.user("alice"), TWENTY_SECONDS).status())
          .isEqualTo(QueryStatus.FAILED);
      assertThatThrownBy(() -> lambdaService.get(bobs, Caller.user("alice"), TWENTY_SECONDS))
          .isInstanceOf(SqmException.class);
      assertThat(opened).hasValue(0);
    }
  }

  private static final String PER_WAIT_APPLICATION = "sqm-per-wait-it";

  private static PostgresQueryChanges.Connector taggedConnector() {
    PostgresQueryChanges.Connector connector =
        Database.listenerConnector(env.config(), env.config().dbPassword());
    return () -> {
      Connection c = connector.open();
      c.setClientInfo("ApplicationName", PER_WAIT_APPLICATION);
      return c;
    };
  }

  /** Backends of the per-wait connections; with {@code listening}, only those that LISTEN. */
  private static int perWaitBackends(boolean listening) throws SQLException {
    try (Connection c = env.components().database().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                    + " AND datname = current_database()"
                    + (listening ? " AND query LIKE 'LISTEN%'" : ""))) {
      ps.setString(1, PER_WAIT_APPLICATION);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void awaitWaiting(int count) {
    // The wait has read its baseline once it blocks: a change from now on is one it must see.
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.waiting() == count);
  }

  private static UUID insert(String user) {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, user, "How many orders?");
    return id;
  }

  private static QueryRepository.Claim.Granted claim(UUID id) {
    return (QueryRepository.Claim.Granted) queries.claim(id, Duration.ofMinutes(1));
  }

  private static List<Integer> listenerPids() throws SQLException {
    List<Integer> pids = new ArrayList<>();
    try (Connection c = env.components().database().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pid FROM pg_stat_activity"
                    + " WHERE application_name = ? AND datname = current_database()")) {
      ps.setString(1, Database.LISTENER_APPLICATION_NAME);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
    }
    return pids;
  }
}
