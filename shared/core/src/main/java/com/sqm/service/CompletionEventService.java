package com.sqm.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.Json;
import com.sqm.events.CompletionEvents;
import com.sqm.events.EventEnvelope;
import com.sqm.model.SqmException;
import com.sqm.store.CompletionEventRepository;
import com.sqm.store.CompletionEventRepository.WebhookDelivery;
import com.sqm.webhook.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gets each completion event out, at least once: the worker publishes a query's event and makes the
 * first webhook attempt right after the query finished ({@link #afterCompletion}); the sweeper
 * publishes what stayed unpublished and makes the webhook retries that are due ({@link #sweep}).
 * Retries wait {@link Settings#webhookRetryDelays()} (1 s, 5 s, 25 s by default) on the clock
 * given, measured from the failed attempt; after the last one the webhook is given up.
 */
public final class CompletionEventService {
  private static final Logger log = LoggerFactory.getLogger(CompletionEventService.class);

  /** Webhooks claimed at a time: a claim counts an attempt, so claim no more than is sent soon. */
  static final int WEBHOOK_ROUND = 5;

  /**
   * No new round of webhooks is claimed after this much of a sweep (real time): each may take a
   * request timeout, and the sweeper's invocation must end before its own timeout.
   */
  static final Duration WEBHOOK_SWEEP_BUDGET = Duration.ofSeconds(15);

  /**
   * {@code publishGrace}: how old an unpublished event must be before the sweeper publishes it, so
   * it does not race the worker. {@code webhookRetryDelays}: the wait before each retry (their
   * count is the number of retries). {@code webhookClaim}: how long a claimed webhook is kept from
   * other senders (longer than a request's timeout). {@code batchSize}: events per sweep.
   */
  public record Settings(
      Duration publishGrace,
      List<Duration> webhookRetryDelays,
      Duration webhookClaim,
      int batchSize) {
    public static final Settings DEFAULTS =
        new Settings(
            Duration.ofSeconds(5),
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(25)),
            Duration.ofMinutes(1),
            100);

    public Settings {
      webhookRetryDelays = List.copyOf(webhookRetryDelays);
    }

    /** Attempts in all: the first and one per retry delay. */
    public int webhookAttempts() {
      return 1 + webhookRetryDelays.size();
    }
  }

  /** What one sweep did. */
  public record Sweep(
      int published, int publishFailed, int webhooksDelivered, int webhooksFailed) {}

  private final CompletionEventRepository events;
  private final CompletionEvents bus;
  private final WebhookSender webhooks;
  private final Clock clock;
  private final Settings settings;

  public CompletionEventService(
      CompletionEventRepository events,
      CompletionEvents bus,
      WebhookSender webhooks,
      Clock clock,
      Settings settings) {
    this.events = events;
    this.bus = bus;
    this.webhooks = webhooks;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Publishes the event of the query that just finished and makes its first webhook attempt. Never
   * throws: what fails here stays in the outbox for the sweeper.
   */
  public void afterCompletion(UUID queryId) {
    try {
      CompletionEventRepository.Batch batch = events.publishFor(queryId, bus::publish);
      if (batch.failed() > 0) {
        log.warn("completion event not published; the sweeper will publish it");
      }
      events
          .claimFirstWebhook(queryId, clock.instant().plus(settings.webhookClaim()))
          .ifPresent(this::deliver);
    } catch (SqmException e) {
      log.warn("completion event left to the sweeper: {}", e.getMessage());
    }
  }

  /**
   * Publishes the unpublished events older than the grace and sends the webhooks that are due.
   *
   * @throws com.sqm.store.StoreException when the store cannot be reached
   */
  public Sweep sweep() {
    Instant now = clock.instant();
    CompletionEventRepository.Batch batch =
        events.publishUnpublished(
            now.minus(settings.publishGrace()), settings.batchSize(), bus::publish);
    int delivered = 0;
    int failed = 0;
    long started = System.nanoTime();
    while (delivered + failed < settings.batchSize()
        && System.nanoTime() - started < WEBHOOK_SWEEP_BUDGET.toNanos()) {
      List<WebhookDelivery> round =
          events.claimDueWebhooks(now, now.plus(settings.webhookClaim()), WEBHOOK_ROUND);
      for (WebhookDelivery delivery : round) {
        if (deliver(delivery)) {
          delivered++;
        } else {
          failed++;
        }
      }
      if (round.size() < WEBHOOK_ROUND) {
        break;
      }
    }
    Sweep sweep = new Sweep(batch.published(), batch.failed(), delivered, failed);
    if (batch.taken() > 0 || delivered + failed > 0) {
      log.info(
          "completion events published={} publishFailed={} webhooksDelivered={}"
              + " webhooksFailed={}",
          sweep.published(),
          sweep.publishFailed(),
          sweep.webhooksDelivered(),
          sweep.webhooksFailed());
    }
    return sweep;
  }

  private boolean deliver(WebhookDelivery delivery) {
    UUID eventId = delivery.event().id();
    try (MDC.MDCCloseable ignored =
        MDC.putCloseable("queryId", delivery.event().detail().id().toString())) {
      WebhookSender.Attempt attempt =
          webhooks.send(delivery.callbackUrl(), eventId, body(delivery));
      Instant now = clock.instant();
      if (attempt.delivered()) {
        events.webhookDelivered(eventId, now);
        log.info("webhook delivered on attempt {}", delivery.attempt());
        return true;
      }
      boolean last = attempt.permanent() || delivery.attempt() >= settings.webhookAttempts();
      Instant next =
          last ? null : now.plus(settings.webhookRetryDelays().get(delivery.attempt() - 1));
      events.webhookFailed(eventId, attempt.error(), next);
      if (last) {
        log.warn("webhook given up after attempt {}: {}", delivery.attempt(), attempt.error());
      } else {
        log.info(
            "webhook attempt {} failed, next at {}: {}", delivery.attempt(), next, attempt.error());
      }
      return false;
    }
  }

  private static String body(WebhookDelivery delivery) {
    try {
      return Json.mapper().writeValueAsString(EventEnvelope.of(delivery.event()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event not serialisable", e);
    }
  }
}
