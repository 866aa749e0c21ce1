package com.sqm.service;

import com.sqm.queue.QueryQueue;
import com.sqm.store.OutboxRepository;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gets every accepted query to the worker in the end: sends the outbox records the submit path
 * could not send, and sends again the queries whose worker's lease lapsed or whose message was
 * lost. Safe to run beside itself: each run sends records the others are not sending, and a query
 * sent twice is claimed once.
 */
public final class SweeperService {
  private static final Logger log = LoggerFactory.getLogger(SweeperService.class);

  /**
   * {@code sendGrace}: how old an unsent record must be before the sweeper sends it, so it does not
   * race the submit path's own send. {@code unclaimedAfter}: how long a PENDING query's message may
   * stay unclaimed before it counts as lost. {@code batchSize} records are sent per transaction,
   * and at most {@code maxBatches} per run.
   */
  public record Settings(
      Duration sendGrace, Duration unclaimedAfter, int batchSize, int maxBatches) {
    public static final Settings DEFAULTS =
        new Settings(Duration.ofSeconds(5), Duration.ofMinutes(5), 100, 10);

    public Settings {
      if (sendGrace.isNegative()
          || unclaimedAfter.isNegative()
          || batchSize < 1
          || maxBatches < 1) {
        throw new IllegalArgumentException("invalid sweeper settings");
      }
    }

    /**
     * The defaults, overridden by {@code SQM_SWEEPER_SEND_GRACE_SECONDS} and {@code
     * SQM_SWEEPER_UNCLAIMED_SECONDS} when set.
     */
    public static Settings from(Function<String, String> env) {
      return new Settings(
          seconds(env, "SQM_SWEEPER_SEND_GRACE_SECONDS", DEFAULTS.sendGrace()),
          seconds(env, "SQM_SWEEPER_UNCLAIMED_SECONDS", DEFAULTS.unclaimedAfter()),
          DEFAULTS.batchSize(),
          DEFAULTS.maxBatches());
    }

    private static Duration seconds(Function<String, String> env, String name, Duration dflt) {
      String value = env.apply(name);
      return value == null || value.isBlank()
          ? dflt
          : Duration.ofSeconds(Long.parseLong(value.strip()));
    }
  }

  /**
   * What one run did: messages sent, queries re-armed to be sent again (lapsed leases, lost
   * messages; they are among the sent unless a send failed), and sends that failed.
   */
  public record Sweep(int sent, int requeued, int failed) {
    public boolean idle() {
      return sent == 0 && requeued == 0 && failed == 0;
    }
  }

  private final OutboxRepository outbox;
  private final QueryQueue queue;
  private final Settings settings;

  public SweeperService(OutboxRepository outbox, QueryQueue queue, Settings settings) {
    this.outbox = outbox;
    this.queue = queue;
    this.settings = settings;
  }

  /**
   * One run: re-arms the lost queries, then sends unsent records in batches until none is left, a
   * send fails (the queue is down; the next run tries again) or the run's batches are used up.
   *
   * @throws com.sqm.store.StoreException when the query store cannot be reached
   */
  public Sweep sweep() {
    int requeued = outbox.rearmLost(settings.unclaimedAfter());
    int sent = 0;
    int failed = 0;
    for (int i = 0; i < settings.maxBatches(); i++) {
      OutboxRepository.Batch batch =
          outbox.sendUnsent(settings.sendGrace(), settings.batchSize(), this::send);
      sent += batch.sent();
      failed += batch.failed();
      if (batch.failed() > 0 || batch.taken() < settings.batchSize()) {
        break;
      }
    }
    Sweep sweep = new Sweep(sent, requeued, failed);
    if (!sweep.idle()) {
      log.info(
          "sweep sent={} requeued={} failed={}", sweep.sent(), sweep.requeued(), sweep.failed());
    }
    return sweep;
  }

  private void send(UUID queryId) {
    try (MDC.MDCCloseable ignored = MDC.putCloseable("queryId", queryId.toString())) {
      queue.enqueue(queryId);
    }
  }
}
