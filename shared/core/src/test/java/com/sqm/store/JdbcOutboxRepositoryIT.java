package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.model.SqmException;
import com.sqm.store.OutboxRepository.Batch;
import com.sqm.store.OutboxRepository.OutboxRecord;
import com.sqm.store.QueryRepository.Inserted;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcOutboxRepositoryIT {
  private static TestEnvironment env;
  private static QueryRepository queries;
  private static OutboxRepository outbox;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("outbox_repository_it");
    queries = env.components().queries();
    outbox = env.components().outbox();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
  }

  private static UUID insert(String idempotencyKey) {
    return queries
        .insert(
            new NewQuery(
                "alice", "How many orders?", "demo", QueryOptions.DEFAULTS, idempotencyKey))
        .query()
        .id();
  }

  @Test
  void shouldWriteAnUnsentRecord_whenQueryInserted() {
    UUID id = insert(null);

    OutboxRecord record = outbox.find(id).orElseThrow();
    assertThat(record.sentAt()).isNull();
    assertThat(record.sendAttempts()).isZero();
    assertThat(record.lastError()).isNull();
  }

  @Test
  void shouldWriteNoSecondRecord_whenIdempotencyKeyRepeated() {
    UUID id = insert("key-1");
    outbox.markSent(id);

    Inserted repeat =
        queries.insert(
            new NewQuery("alice", "How many orders?", "demo", QueryOptions.DEFAULTS, "key-1"));

    assertThat(repeat.created()).isFalse();
    assertThat(repeat.query().id()).isEqualTo(id);
    assertThat(outbox.find(id).orElseThrow().sentAt()).as("still sent").isNotNull();
    assertThat(env.countQueries()).isEqualTo(1);
  }

  @Test
  void shouldStoreNeitherQueryNorRecord_whenRecordCannotBeWritten() {
    // A constraint no new record can meet: the outbox insert fails after the query insert ran.
    env.execute(
        "ALTER TABLE query_outbox ADD CONSTRAINT refuse_all CHECK (send_attempts < 0) NOT VALID");
    try {
      assertThatThrownBy(() -> insert(null))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                assertThat(e.isTransient()).isFalse();
              });
    } finally {
      env.execute("ALTER TABLE query_outbox DROP CONSTRAINT refuse_all");
    }

    assertThat(env.countQueries()).as("the query insert was rolled back").isZero();
  }

  @Test
  void shouldCountAttemptsAndKeepLastError_whenSendsFailThenSucceed() {
    UUID id = insert(null);

    outbox.recordFailure(id, "queue down: " + "x".repeat(600));
    OutboxRecord failed = outbox.find(id).orElseThrow();
    outbox.markSent(id);
    OutboxRecord sent = outbox.find(id).orElseThrow();

    assertThat(failed.sentAt()).isNull();
    assertThat(failed.sendAttempts()).isEqualTo(1);
    assertThat(failed.lastError()).startsWith("queue down: ").hasSize(500);
    assertThat(sent.sentAt()).isNotNull();
    assertThat(sent.sendAttempts()).isEqualTo(2);
    assertThat(sent.lastError()).isNull();
  }

  @Test
  void shouldSendOldestFirstAndStopAtFirstFailure_whenQueueFailsMidBatch() {
    UUID first = insert(null);
    UUID second = insert(null);
    UUID third = insert(null);
    List<UUID> tried = new ArrayList<>();

    Batch batch =
        outbox.sendUnsent(
            Duration.ZERO,
            10,
            id -> {
              tried.add(id);
              if (id.equals(second)) {
                throw new SqmException(ErrorCode.QUEUE_UNAVAILABLE, "queue down");
              }
            });

    assertThat(tried).containsExactly(first, second);
    assertThat(batch).isEqualTo(new Batch(1, 1, 3));
    assertThat(outbox.find(first).orElseThrow().sentAt()).isNotNull();
    assertThat(outbox.find(second).orElseThrow().lastError()).isEqualTo("queue down");
    assertThat(outbox.find(third).orElseThrow().sendAttempts()).isZero();
  }

  @Test
  void shouldCloseTheRecordWithoutAMessage_whenTheQueryFinishedMeanwhile() {
    UUID id = insert(null);
    queries.fail(id, new QueryError(ErrorCode.QUESTION_NOT_ANSWERABLE, "no", null));

    Batch batch =
        outbox.sendUnsent(
            Duration.ZERO,
            10,
            sent -> {
              throw new AssertionError("sent a finished query");
            });

    assertThat(batch).isEqualTo(new Batch(0, 0, 1));
    assertThat(outbox.find(id).orElseThrow().sentAt()).isNotNull();
  }

  @Test
  void shouldSendNothing_whenRecordsAreYoungerThanTheGrace() {
    insert(null);

    Batch batch =
        outbox.sendUnsent(
            Duration.ofHours(1),
            10,
            id -> {
              throw new AssertionError("sent within the grace");
            });

    assertThat(batch.taken()).isZero();
  }
}
