package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sqm.config.AppConfig;
import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryOptions;
import com.sqm.model.QueryRequest;
import com.sqm.model.QueryStatus;
import com.sqm.model.RateLimitedException;
import com.sqm.model.SqmException;
import com.sqm.model.UserQuery;
import com.sqm.store.OutboxRepository.OutboxRecord;
import com.sqm.store.StoreException;
import com.sqm.testing.TestEnvironment;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmitQueryServiceIT {
  private static TestEnvironment env;
  private static SubmitQueryService service;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("submit_service_it");
    service = env.components().submitService();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
    env.pollMessagesNow();
  }

  @Test
  void shouldStorePendingAndEnqueue_whenValid() {
    Submission submission =
        service.submit(
            Caller.user("alice"), new QueryRequest("  How many orders?  ", null, null, null));

    UserQuery query = submission.query();
    assertThat(submission.created()).isTrue();
    assertThat(query.question()).isEqualTo("How many orders?");
    assertThat(query.dataSourceId()).isEqualTo(TestEnvironment.DEMO);
    assertThat(query.status()).isEqualTo(QueryStatus.PENDING);
    assertThat(env.receiveMessages())
        .singleElement()
        .satisfies(m -> assertThat(m.body()).contains(query.id().toString()));
    assertThat(env.components().outbox().find(query.id()).orElseThrow().sentAt()).isNotNull();
  }

  @Test
  void shouldReturnExistingWithoutEnqueueingTwice_whenIdempotencyKeyRepeated() {
    QueryRequest request = new QueryRequest("How many orders?", "demo", null, "key-1");
    Submission first = service.submit(Caller.user("alice"), request);
    assertThat(env.receiveMessages()).hasSize(1);

    Submission repeat = service.submit(Caller.user("alice"), request);

    assertThat(repeat.created()).isFalse();
    assertThat(repeat.query().id()).isEqualTo(first.query().id());
    assertThat(env.pollMessagesNow()).isEmpty();
    assertThat(env.countQueries()).isEqualTo(1);
  }

  @Test
  void shouldRefuseIdempotencyKeyReused_whenRepeatedKeyCarriesADifferentQuestion() {
    Submission first =
        service.submit(
            Caller.user("alice"), new QueryRequest("How many orders?", "demo", null, "key-2"));
    env.receiveMessages();

    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("How many customers?", "demo", null, "key-2")),
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        "idempotencyKey");
    assertThat(env.components().queries().findById(first.query().id()).orElseThrow().question())
        .isEqualTo("How many orders?");
  }

  @Test
  void shouldRefuseIdempotencyKeyReused_whenRepeatedKeyCarriesOtherOptions() {
    service.submit(
        Caller.user("alice"), new QueryRequest("How many orders?", "demo", null, "key-3"));
    env.receiveMessages();

    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("How many orders?", "demo", new QueryOptions(5, null), "key-3")),
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        "idempotencyKey");
  }

  @Test
  void shouldRejectAndStoreNothing_whenQuestionBlank() {
    assertRejected(
        () -> service.submit(Caller.user("alice"), new QueryRequest(" \n\t ", null, null, null)),
        ErrorCode.VALIDATION_ERROR,
        "question");
    assertRejected(
        () -> service.submit(Caller.user("alice"), new QueryRequest(null, null, null, null)),
        ErrorCode.VALIDATION_ERROR,
        "question");
  }

  @Test
  void shouldRejectAndStoreNothing_whenQuestionHoldsOnlyControlOrInvisibleCharacters() {
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("\u0000\u0007 \u200b\ufeff", null, null, null)),
        ErrorCode.VALIDATION_ERROR,
        "question");
  }

  @Test
  void shouldRejectNamingTheField_whenTextHoldsANulCharacter() {
    // Postgres cannot store NUL in text: without a check this was a 500 from the store.
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"), new QueryRequest("How many\u0000 orders?", null, null, null)),
        ErrorCode.VALIDATION_ERROR,
        "question");
    assertRejected(
        () -> service.submit(Caller.user("alice"), new QueryRequest("q", "demo\u0000", null, null)),
        ErrorCode.VALIDATION_ERROR,
        "dataSourceId");
    assertRejected(
        () -> service.submit(Caller.user("alice"), new QueryRequest("q", null, null, "key\u0000")),
        ErrorCode.VALIDATION_ERROR,
        "idempotencyKey");
  }

  @Test
  void shouldKeepLineBreaksAndTabs_whenQuestionSpansLines() {
    Submission submission =
        service.submit(
            Caller.user("alice"),
            new QueryRequest("How many orders\n\tper month?", null, null, null));

    assertThat(submission.query().question()).isEqualTo("How many orders\n\tper month?");
  }

  @Test
  void shouldRejectAndStoreNothing_whenQuestionTooLong() {
    String question = "x".repeat(AppConfig.DEFAULT_MAX_QUESTION_LENGTH + 1);

    assertRejected(
        () -> service.submit(Caller.user("alice"), new QueryRequest(question, null, null, null)),
        ErrorCode.VALIDATION_ERROR,
        "question");
  }

  @Test
  void shouldAccept_whenQuestionExactlyAtLimit() {
    String question = "x".repeat(AppConfig.DEFAULT_MAX_QUESTION_LENGTH);

    assertThat(
            service
                .submit(Caller.user("alice"), new QueryRequest(question, null, null, null))
                .created())
        .isTrue();
  }

  @Test
  void shouldRejectNotFoundAndStoreNothing_whenAdminNamesUnknownDataSource() {
    assertRejected(
        () ->
            service.submit(Caller.admin("root"), new QueryRequest("q", "warehouse-eu", null, null)),
        ErrorCode.DATASOURCE_NOT_FOUND,
        "dataSourceId");
  }

  @Test
  void shouldRejectDisabledAndStoreNothing_whenAdminNamesDisabledDataSource() {
    assertRejected(
        () ->
            service.submit(
                Caller.admin("root"), new QueryRequest("q", TestEnvironment.DISABLED, null, null)),
        ErrorCode.DATASOURCE_DISABLED,
        "dataSourceId");
  }

  @Test
  void shouldAcceptWithoutGrant_whenCallerIsAdmin() {
    restrictedDataSource("restricted-admin");

    Submission submission =
        service.submit(Caller.admin("root"), new QueryRequest("q", "restricted-admin", null, null));

    assertThat(submission.created()).isTrue();
  }

  @Test
  void shouldRejectForbiddenStoreNothingAndAudit_whenUserIsNotGranted() {
    restrictedDataSource("restricted-1");
    String user = "forbidden-" + UUID.randomUUID();

    assertRejected(
        () -> service.submit(Caller.user(user), new QueryRequest("q", "restricted-1", null, null)),
        ErrorCode.DATASOURCE_FORBIDDEN,
        "dataSourceId");
    assertThat(env.auditOf(user)).containsExactly("QUERY_FORBIDDEN REFUSED DATASOURCE_FORBIDDEN");
  }

  @Test
  void shouldAnswerTheSameForbidden_whenUserNamesUnknownDisabledOrNotGrantedDataSource() {
    restrictedDataSource("restricted-2");

    List<String> messages =
        List.of("no-such-source", TestEnvironment.DISABLED, "restricted-2").stream()
            .map(
                id ->
                    forbiddenMessage(
                        () ->
                            service.submit(
                                Caller.user("bob"), new QueryRequest("q", id, null, null))))
            .toList();

    assertThat(messages)
        .containsExactly(
            "you may not ask about data source 'no-such-source'",
            "you may not ask about data source '" + TestEnvironment.DISABLED + "'",
            "you may not ask about data source 'restricted-2'");
  }

  @Test
  void shouldAccept_whenGrantedToTheUserOrOneOfTheirGroups() {
    restrictedDataSource("restricted-3");
    env.components().grants().grant("restricted-3", "user:alice", "root");
    env.components().grants().grant("restricted-3", "group:finance", "root");

    boolean alice =
        service
            .submit(Caller.user("alice"), new QueryRequest("q", "restricted-3", null, null))
            .created();
    boolean carol =
        service
            .submit(
                Caller.user("carol", "finance"), new QueryRequest("q2", "restricted-3", null, null))
            .created();

    assertThat(alice).isTrue();
    assertThat(carol).isTrue();
    env.pollMessagesNow();
    assertRejected(
        () ->
            service.submit(
                Caller.user("dave", "sales"), new QueryRequest("q3", "restricted-3", null, null)),
        ErrorCode.DATASOURCE_FORBIDDEN,
        "dataSourceId");
  }

  @Test
  void shouldRejectForbiddenAndStoreNothing_whenFollowUpsDataSourceIsNoLongerGranted() {
    restrictedDataSource("restricted-4");
    env.components().grants().grant("restricted-4", "user:alice", "root");
    UserQuery parent =
        service
            .submit(Caller.user("alice"), new QueryRequest("q", "restricted-4", null, null))
            .query();
    env.pollMessagesNow();
    env.components().grants().revoke("restricted-4", "user:alice");

    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("Only Berlin", null, null, null, null, parent.id().toString())),
        ErrorCode.DATASOURCE_FORBIDDEN,
        "dataSourceId");
  }

  /** An enabled data source granted to nobody. */
  private static void restrictedDataSource(String id) {
    env.components()
        .dataSources()
        .upsert(
            new DataSourceConfig(
                id, "Restricted", null, "embedded:r", List.of("public"), true, null));
  }

  private static String forbiddenMessage(ThrowingCallable call) {
    long before = env.countQueries();
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(SqmException.class);
    SqmException e = (SqmException) thrown;
    assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_FORBIDDEN);
    assertThat(e.field()).isEqualTo("dataSourceId");
    assertThat(env.countQueries()).isEqualTo(before);
    return e.getMessage();
  }

  @Test
  void shouldRejectAndStoreNothing_whenMaxRowsOutOfRange() {
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"), new QueryRequest("q", null, new QueryOptions(0, null), null)),
        ErrorCode.VALIDATION_ERROR,
        "options.maxRows");
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("q", null, new QueryOptions(10_001, null), null)),
        ErrorCode.VALIDATION_ERROR,
        "options.maxRows");
  }

  @Test
  void shouldRejectAndStoreNothing_whenIdempotencyKeyTooLong() {
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"), new QueryRequest("q", null, null, "k".repeat(201))),
        ErrorCode.VALIDATION_ERROR,
        "idempotencyKey");
  }

  @Test
  void shouldStoreInstructions_whenGiven() {
    UserQuery query =
        service
            .submit(
                Caller.user("alice"),
                new QueryRequest(
                    "Revenue by month", null, null, null, "  Fiscal year starts in April.\n", null))
            .query();

    assertThat(query.instructions()).isEqualTo("Fiscal year starts in April.");
  }

  @Test
  void shouldRejectAndStoreNothing_whenInstructionsTooLongOrHoldControlCharacters() {
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("q", null, null, null, "x".repeat(2001), null)),
        ErrorCode.VALIDATION_ERROR,
        "instructions");
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"), new QueryRequest("q", null, null, null, "a\u0007b", null)),
        ErrorCode.VALIDATION_ERROR,
        "instructions");
  }

  @Test
  void shouldInheritParentsDataSource_whenFollowUpNamesNone() {
    env.components()
        .dataSources()
        .upsert(
            new DataSourceConfig(
                "warehouse", "Warehouse", null, "embedded:wh", List.of("public"), true, null));
    env.components().grants().grant("warehouse", "user:alice", "root");
    UserQuery parent =
        service
            .submit(
                Caller.user("alice"), new QueryRequest("Stock by site", "warehouse", null, null))
            .query();

    UserQuery child =
        service
            .submit(
                Caller.user("alice"),
                new QueryRequest("Only Berlin", null, null, null, null, parent.id().toString()))
            .query();

    assertThat(child.parentQueryId()).isEqualTo(parent.id());
    assertThat(child.dataSourceId()).isEqualTo("warehouse");
  }

  @Test
  void shouldAnswerNotFoundLikeUnknown_whenParentBelongsToAnotherUser() {
    UserQuery bobs =
        service.submit(Caller.user("bob"), new QueryRequest("q", null, null, null)).query();
    env.pollMessagesNow();

    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("q", null, null, null, null, bobs.id().toString())),
        ErrorCode.NOT_FOUND,
        "parentQueryId");
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"),
                new QueryRequest("q", null, null, null, null, UUID.randomUUID().toString())),
        ErrorCode.NOT_FOUND,
        "parentQueryId");
    assertRejected(
        () ->
            service.submit(
                Caller.user("alice"), new QueryRequest("q", null, null, null, null, "12")),
        ErrorCode.VALIDATION_ERROR,
        "parentQueryId");
  }

  @Test
  void shouldLimitAdminsAtTheirOwnRateInABucketOfTheirOwn_whenBothRatesAreSet() {
    String id = "limits-" + UUID.randomUUID();
    try (TestEnvironment limited =
        TestEnvironment.create(
            "submit_service_limits_it",
            Map.of("SQM_SUBMIT_RATE_PER_MINUTE", "1", "SQM_ADMIN_SUBMIT_RATE_PER_MINUTE", "3"))) {
      SubmitQueryService submits = limited.components().submitService();
      QueryRequest request = new QueryRequest("How many orders?", null, null, null);

      submits.submit(Caller.user(id), request);
      assertRateLimited(() -> submits.submit(Caller.user(id), request), "at most 1 a minute");
      for (int i = 0; i < 3; i++) {
        submits.submit(new Caller(id, java.util.Set.of("sqm-admins"), true), request);
      }
      assertRateLimited(() -> submits.submit(Caller.admin(id), request), "at most 3 a minute");

      assertThat(limited.countQueries()).isEqualTo(4);
      assertThat(limited.auditOf(id))
          .containsExactly(
              "QUERY_SUBMITTED ACCEPTED",
              "RATE_LIMITED REFUSED RATE_LIMITED",
              "QUERY_SUBMITTED ACCEPTED",
              "QUERY_SUBMITTED ACCEPTED",
              "QUERY_SUBMITTED ACCEPTED",
              "RATE_LIMITED REFUSED RATE_LIMITED");
    }
  }

  @Test
  void shouldStillRefuseRateLimitedAndStoreNothing_whenTheRefusalCannotBeAudited() {
    SubmitQueryService refusing =
        new SubmitQueryService(
            env.components().queries(),
            env.components().dataSourceAccess(),
            env.components().outbox(),
            env.components().queue(),
            caller -> Optional.of(Duration.ofSeconds(5)),
            caller -> Optional.of(Duration.ofSeconds(5)),
            event -> {
              throw new StoreException(
                  "append to the audit log", new SQLException("connection refused", "08001"));
            },
            env.config());

    assertRateLimited(
        () ->
            refusing.submit(
                Caller.user("alice"), new QueryRequest("How many orders?", null, null, null)),
        "try again in 5 s");
    assertThat(env.countQueries()).isZero();
  }

  private static void assertRateLimited(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void shouldAcceptAndLeaveRecordUnsentForTheSweeper_whenQueueDown() {
    try (TestEnvironment.DeadQueue dead = TestEnvironment.deadQueue()) {
      SubmitQueryService withDeadQueue =
          new SubmitQueryService(
              env.components().queries(),
              env.components().dataSourceAccess(),
              env.components().outbox(),
              dead.queue(),
              RateLimiter.UNLIMITED,
              env.config());

      Submission submission =
          withDeadQueue.submit(
              Caller.user("alice"), new QueryRequest("How many orders?", null, null, null));

      assertThat(submission.created()).isTrue();
      UserQuery stored = env.components().queries().findById(submission.query().id()).orElseThrow();
      assertThat(stored.status()).isEqualTo(QueryStatus.PENDING);
      OutboxRecord record = env.components().outbox().find(stored.id()).orElseThrow();
      assertThat(record.sentAt()).isNull();
      assertThat(record.sendAttempts()).isEqualTo(1);
      assertThat(record.lastError()).contains("queue");
    }
  }

  @Test
  void shouldFailStoreUnavailableAndStoreNothing_whenPostgresUnreachable() {
    try (TestEnvironment down =
        TestEnvironment.createUnmigrated(
            "submit_service_db_down", TestEnvironment.unreachableStore())) {
      SubmitQueryService withDatabaseDown =
          new SubmitQueryService(
              down.components().queries(),
              env.components().dataSourceAccess(),
              down.components().outbox(),
              env.components().queue(),
              RateLimiter.UNLIMITED,
              env.config());

      assertThatThrownBy(
              () ->
                  withDatabaseDown.submit(
                      Caller.user("alice"), new QueryRequest("How many orders?", null, null, null)))
          .isInstanceOfSatisfying(
              SqmException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
                assertThat(e.isTransient()).isTrue();
              });
    }
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  private static void assertRejected(ThrowingCallable call, ErrorCode code, String field) {
    long before = env.countQueries();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.field()).isEqualTo(field);
            });
    assertThat(env.countQueries()).isEqualTo(before);
    assertThat(env.pollMessagesNow()).isEmpty();
  }
}
