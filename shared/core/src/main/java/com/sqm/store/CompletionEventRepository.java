package com.sqm.store;

import com.sqm.events.CompletionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox of completion events: one record per finished query, written by the store in the
 * transaction that finishes it. Publishing marks a record published; a webhook owed is claimed by
 * one sender at a time and then marked delivered, due again later, or given up.
 */
public interface CompletionEventRepository {

  /** One record as stored. */
  record StoredEvent(
      CompletionEvent event,
      Instant publishedAt,
      int publishAttempts,
      String publishError,
      String callbackUrl,
      Instant webhookDueAt,
      int webhookAttempts,
      Instant webhookDeliveredAt,
      String webhookError) {}

  /** A webhook claimed by one sender: the event, where it goes, and this attempt's number. */
  record WebhookDelivery(CompletionEvent event, String callbackUrl, int attempt) {}

  /** Publishes events; returns those not accepted, by event id, with why. */
  @FunctionalInterface
  interface Publisher {
    Map<UUID, String> publish(List<CompletionEvent> events);
  }

  /** What one publishing batch did: events published, not published, and looked at. */
  record Batch(int published, int failed, int taken) {}

  Optional<StoredEvent> findByQuery(UUID queryId);

  /**
   * Publishes the unpublished event of {@code queryId}, if any, now (the worker, after commit).
   * Locked while it is sent: an event a sweeper is sending meanwhile is left to it.
   */
  Batch publishFor(UUID queryId, Publisher publisher);

  /**
   * Publishes up to {@code limit} unpublished events created at or before {@code createdBefore},
   * oldest first, each marked published or failed; locked while sent ({@code FOR UPDATE SKIP
   * LOCKED}), so sweepers running side by side take different events. A publisher that throws
   * {@link com.sqm.events.EventPublishException} marks every event of the batch failed.
   */
  Batch publishUnpublished(Instant createdBefore, int limit, Publisher publisher);

  /**
   * Claims the first webhook of {@code queryId}'s event (none tried yet), due again at {@code
   * claimUntil} should the sender die before it records what happened.
   */
  Optional<WebhookDelivery> claimFirstWebhook(UUID queryId, Instant claimUntil);

  /** Claims up to {@code limit} webhooks due at {@code now}, as {@link #claimFirstWebhook}. */
  List<WebhookDelivery> claimDueWebhooks(Instant now, Instant claimUntil, int limit);

  void webhookDelivered(UUID eventId, Instant at);

  /** Records a failed attempt: due again at {@code nextAttemptAt}, or given up when it is null. */
  void webhookFailed(UUID eventId, String error, Instant nextAttemptAt);
}
