package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.Caller;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.FeedbackRating;
import com.sqm.model.FeedbackRequest;
import com.sqm.model.QueryTemplate;
import com.sqm.model.SqmException;
import com.sqm.store.QueryRepository;
import com.sqm.testing.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedbackServiceIT {
  private static final String ANSWER_SQL = "SELECT count(*) FROM orders";
  private static final String REFUSED_SQL = "SELECT pg_sleep(10)";

  private static TestEnvironment env;
  private static FeedbackService service;
  private static final List<String> verified = new ArrayList<>();

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("feedback_service_it");
    // Stands in for the guard + bounded run (RunnableSqlVerifierIT tests the real one).
    service =
        env.components()
            .feedbackService(
                (dataSource, sql) -> {
                  verified.add(sql);
                  if (sql.equals(REFUSED_SQL)) {
                    throw new SqmException(
                        ErrorCode.SQL_REJECTED,
                        "FORBIDDEN_FUNCTION: function pg_sleep is not allowed",
                        "sql");
                  }
                });
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
    env.execute("DELETE FROM query_template");
    verified.clear();
  }

  @Test
  void shouldRecordExampleOnce_whenCompletedAnswerApprovedTwice() {
    UUID id = completedQuery("alice", "How many orders are there?");

    FeedbackOutcome first =
        service.submit(Caller.user("alice"), id, new FeedbackRequest("up", null, null));
    FeedbackOutcome again =
        service.submit(Caller.user("alice"), id, new FeedbackRequest("UP", null, "great"));

    assertThat(first.exampleRecorded()).isTrue();
    assertThat(again.exampleRecorded()).isTrue();
    assertThat(again.feedback().comment()).isEqualTo("great");
    assertThat(examples())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.origin()).isEqualTo(QueryTemplate.Origin.FEEDBACK);
              assertThat(t.sourceQueryId()).isEqualTo(id);
              assertThat(t.exampleQuestion()).isEqualTo("How many orders are there?");
              assertThat(t.sql()).isEqualTo(ANSWER_SQL);
            });
    assertThat(env.components().feedback().find(id, "alice").orElseThrow().rating())
        .isEqualTo(FeedbackRating.UP);
    assertThat(verified).isEmpty();
  }

  @Test
  void shouldRecordNoExample_whenApprovedQueryNotCompleted() {
    UUID id = env.components().queries().insert(newQuery("alice", "q")).query().id();

    FeedbackOutcome outcome =
        service.submit(Caller.user("alice"), id, new FeedbackRequest("up", null, null));

    assertThat(outcome.exampleRecorded()).isFalse();
    assertThat(outcome.feedback().rating()).isEqualTo(FeedbackRating.UP);
    assertThat(examples()).isEmpty();
  }

  @Test
  void shouldStoreFeedbackWithoutExample_whenDataSourceWasRemoved() {
    UUID id = completedQuery("alice", "q");
    env.execute("UPDATE user_query SET data_source_id = 'retired' WHERE id = '" + id + "'");

    FeedbackOutcome outcome =
        service.submit(Caller.user("alice"), id, new FeedbackRequest("up", null, null));

    assertThat(outcome.exampleRecorded()).isFalse();
    assertThat(env.components().feedback().find(id, "alice")).isPresent();
  }

  @Test
  void shouldReplaceFeedbackAndWithdrawExample_whenLaterRatedDown() {
    UUID id = completedQuery("alice", "How many orders are there?");
    service.submit(Caller.user("alice"), id, new FeedbackRequest("up", null, null));

    FeedbackOutcome down =
        service.submit(
            Caller.user("alice"), id, new FeedbackRequest("down", null, "counts cancelled ones"));

    assertThat(down.exampleRemoved()).isTrue();
    assertThat(down.exampleRecorded()).isFalse();
    assertThat(examples()).isEmpty();
    assertThat(env.components().feedback().find(id, "alice").orElseThrow())
        .satisfies(
            f -> {
              assertThat(f.rating()).isEqualTo(FeedbackRating.DOWN);
              assertThat(f.comment()).isEqualTo("counts cancelled ones");
            });
  }

  @Test
  void shouldUseCorrectionAsExample_whenItIsVerified() {
    UUID id = completedQuery("alice", "How many open orders?");
    String corrected = "SELECT count(*) FROM orders WHERE status = 'open'";

    FeedbackOutcome outcome =
        service.submit(Caller.user("alice"), id, new FeedbackRequest("down", corrected, null));

    assertThat(verified).containsExactly(corrected);
    assertThat(outcome.exampleRecorded()).isTrue();
    assertThat(outcome.feedback().correctedSql()).isEqualTo(corrected);
    assertThat(examples()).singleElement().extracting(QueryTemplate::sql).isEqualTo(corrected);
  }

  @Test
  void shouldStoreNothing_whenCorrectionRefused() {
    UUID id = completedQuery("alice", "q");

    assertThatThrownBy(
            () ->
                service.submit(
                    Caller.user("alice"), id, new FeedbackRequest("down", REFUSED_SQL, null)))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SQL_REJECTED);
              assertThat(e.field()).isEqualTo("correctedSql");
              assertThat(e.getMessage()).startsWith("FORBIDDEN_FUNCTION");
            });
    assertThat(env.components().feedback().find(id, "alice")).isEmpty();
    assertThat(examples()).isEmpty();
  }

  @Test
  void shouldAnswerNotFoundLikeUnknown_whenQueryBelongsToAnotherUser() {
    UUID bobs = completedQuery("bob", "q");

    assertRejected("alice", bobs, new FeedbackRequest("up", null, null), ErrorCode.NOT_FOUND, "id");
    assertRejected(
        "alice",
        UUID.randomUUID(),
        new FeedbackRequest("up", null, null),
        ErrorCode.NOT_FOUND,
        "id");
  }

  @Test
  void shouldRejectNamingField_whenFieldsInvalid() {
    UUID id = completedQuery("alice", "q");

    assertRejected(
        "alice", id, new FeedbackRequest(null, null, null), ErrorCode.VALIDATION_ERROR, "rating");
    assertRejected(
        "alice", id, new FeedbackRequest("meh", null, null), ErrorCode.VALIDATION_ERROR, "rating");
    assertRejected(
        "alice",
        id,
        new FeedbackRequest("up", null, "c".repeat(2001)),
        ErrorCode.VALIDATION_ERROR,
        "comment");
    assertRejected(
        "alice",
        id,
        new FeedbackRequest("up", "SELECT " + "1".repeat(20_000), null),
        ErrorCode.VALIDATION_ERROR,
        "correctedSql");
    assertThat(verified).isEmpty();
  }

  private static void assertRejected(
      String user, UUID id, FeedbackRequest request, ErrorCode code, String field) {
    assertThatThrownBy(() -> service.submit(Caller.user(user), id, request))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.field()).isEqualTo(field);
            });
    assertThat(env.components().feedback().find(id, user)).isEmpty();
    assertThat(examples()).isEmpty();
  }

  private static List<QueryTemplate> examples() {
    return env.components().templates().findByDataSource(TestEnvironment.DEMO);
  }

  private static UUID completedQuery(String user, String question) {
    QueryRepository queries = env.components().queries();
    UUID id = queries.insert(newQuery(user, question)).query().id();
    env.execute(
        "UPDATE user_query SET generated_sql = '" + ANSWER_SQL + "' WHERE id = '" + id + "'");
    queries.complete(id, new DataResult(List.of(), List.of(), 0, false), "None.", null);
    return id;
  }

  private static QueryRepository.NewQuery newQuery(String user, String question) {
    return new QueryRepository.NewQuery(user, question, TestEnvironment.DEMO, null, null);
  }
}
