package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sqm.config.Json;
import com.sqm.model.QueryOptions;
import com.sqm.queue.QueueMessage;
import com.sqm.service.SweeperService.Settings;
import com.sqm.service.SweeperService.Sweep;
import com.sqm.store.OutboxRepository;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.testing.TestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class SweeperServiceIT {
  /** No grace: records written by a test are due at once. */
  private static final Settings DUE_AT_ONCE =
      new Settings(Duration.ZERO, Settings.DEFAULTS.unclaimedAfter(), 100, 10);

  private static TestEnvironment env;
  private static QueryRepository queries;
  private static OutboxRepository outbox;
  private static SweeperService sweeper;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("sweeper_service_it");
    queries = env.components().queries();
    outbox = env.components().outbox();
    sweeper = env.components().sweeperService(DUE_AT_ONCE);
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

  /** A query stored as submit stores it, its message not sent yet. */
  private static UUID stored() {
    return queries
        .insert(new NewQuery("alice", "How many orders?", "demo", QueryOptions.DEFAULTS, null))
        .query()
        .id();
  }

  /** A query stored and sent, as a submit that reached the queue leaves it. */
  private static UUID storedAndSent() {
    UUID id = stored();
    outbox.markSent(id);
    return id;
  }

  @Test
  void shouldSendUnsentRecordOnce_whenSubmitCouldNotSend() {
    UUID id = stored();

    Sweep first = sweeper.sweep();
    Sweep second = sweeper.sweep();

    assertThat(first).isEqualTo(new Sweep(1, 0, 0));
    assertThat(second.idle()).isTrue();
    assertThat(sentIds(1)).containsExactly(id);
    assertThat(outbox.find(id).orElseThrow().sentAt()).isNotNull();
  }

  @Test
  void shouldLeaveRecordToTheSubmitPath_whenWithinTheGrace() {
    UUID id = stored();

    Sweep sweep = env.components().sweeperService(Settings.DEFAULTS).sweep();

    assertThat(sweep.idle()).isTrue();
    assertThat(outbox.find(id).orElseThrow().sentAt()).isNull();
    assertThat(env.pollMessagesNow()).isEmpty();
  }

  @Test
  void shouldSendEachRecordOnce_whenTwoSweepersRunAtOnce() throws Exception {
    int count = 40;
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(stored());
    }
    // Small batches, so the two runs take turns at the table many times.
    Settings small = new Settings(Duration.ZERO, Settings.DEFAULTS.unclaimedAfter(), 4, 100);
    SweeperService one = env.components().sweeperService(small);
    SweeperService other = env.components().sweeperService(small);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Sweep> a =
          pool.submit(
              () -> {
                go.await();
                return one.sweep();
              });
      Future<Sweep> b =
          pool.submit(
              () -> {
                go.await();
                return other.sweep();
              });
      go.countDown();

      int sent = a.get(30, TimeUnit.SECONDS).sent() + b.get(30, TimeUnit.SECONDS).sent();

      assertThat(sent).isEqualTo(count);
    } finally {
      pool.shutdownNow();
    }
    List<UUID> messages = sentIds(count);
    assertThat(messages).hasSize(count).doesNotHaveDuplicates();
    assertThat(Set.copyOf(messages)).isEqualTo(Set.copyOf(ids));
  }

  @Test
  void shouldRequeueOnce_whenLeaseLapsed() {
    UUID id = storedAndSent();
    assertThat(queries.claim(id, Duration.ofMinutes(10)))
        .isInstanceOf(QueryRepository.Claim.Granted.class);
    assertThat(sweeper.sweep().idle()).as("lease held: nothing to do").isTrue();
    queries.releaseLeases(); // the worker died: its lease lapses now

    Sweep first = sweeper.sweep();
    Sweep second = sweeper.sweep();

    assertThat(first).isEqualTo(new Sweep(1, 1, 0));
    assertThat(second.idle()).as("sent since the lease lapsed").isTrue();
    assertThat(sentIds(1)).containsExactly(id);
    assertThat(queries.claim(id, Duration.ofMinutes(10)))
        .as("the next delivery takes the query over")
        .isInstanceOf(QueryRepository.Claim.Granted.class);
  }

  @Test
  void shouldRequeueOnce_whenPendingQueryMessageWasLost() {
    UUID id = storedAndSent();
    UUID fresh = storedAndSent();
    // Sent ten minutes ago and never claimed: the message is gone.
    env.execute(
        "UPDATE query_outbox SET sent_at = sent_at - interval '10 minutes' WHERE query_id = '"
            + id
            + "'");

    Sweep first = sweeper.sweep();
    Sweep second = sweeper.sweep();

    assertThat(first).isEqualTo(new Sweep(1, 1, 0));
    assertThat(second.idle()).isTrue();
    assertThat(sentIds(1)).containsExactly(id).doesNotContain(fresh);
  }

  @Test
  void shouldGiveQueryARecordAndSendIt_whenStoredBeforeTheOutboxExisted() {
    UUID id = UUID.randomUUID();
    env.insertQuery(id, "alice", "How many orders?");
    env.execute("UPDATE user_query SET created_at = created_at - interval '10 minutes'");

    Sweep sweep = sweeper.sweep();

    assertThat(sweep).isEqualTo(new Sweep(1, 1, 0));
    assertThat(sentIds(1)).containsExactly(id);
  }

  @Test
  void shouldCountFailureAndKeepRecordUnsent_whenQueueDown() {
    UUID id = stored();

    Sweep sweep;
    try (TestEnvironment.DeadQueue dead = TestEnvironment.deadQueue()) {
      sweep = new SweeperService(outbox, dead.queue(), DUE_AT_ONCE).sweep();
    }

    assertThat(sweep).isEqualTo(new Sweep(0, 0, 1));
    OutboxRepository.OutboxRecord record = outbox.find(id).orElseThrow();
    assertThat(record.sentAt()).isNull();
    assertThat(record.sendAttempts()).isEqualTo(1);
    assertThat(record.lastError()).contains("queue");
  }

  /** The query ids of the next {@code expected} messages on the queue, then checks none follow. */
  private static List<UUID> sentIds(int expected) {
    List<Message> received = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              received.addAll(env.pollMessagesNow());
              return received.size() >= expected;
            });
    received.addAll(env.pollMessagesNow());
    return received.stream().map(m -> read(m.body()).queryId()).collect(Collectors.toList());
  }

  private static QueueMessage read(String body) {
    try {
      return Json.mapper().readValue(body, QueueMessage.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
