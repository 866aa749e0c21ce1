package com.sqm.store;

import com.sqm.model.SqmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox of the work queue: one record per query whose id must be (re)sent to the worker. The
 * submit path writes the record with the query (see {@link QueryRepository#insert}) and marks it
 * sent; the sweeper sends what stayed unsent and re-arms the records of queries that were lost.
 */
public interface OutboxRepository {

  /** One record as stored; {@code sentAt} is null while the message is not on the queue. */
  record OutboxRecord(
      UUID queryId, Instant createdAt, Instant sentAt, int sendAttempts, String lastError) {}

  /** Sends one query id to the queue; throws {@link SqmException} when the queue refused it. */
  @FunctionalInterface
  interface Sender {
    void send(UUID queryId);
  }

  /** What one {@link #sendUnsent} batch did: records sent, sends failed, records it looked at. */
  record Batch(int sent, int failed, int taken) {}

  Optional<OutboxRecord> find(UUID queryId);

  /** Records that the query's message is on the queue (no-op when already marked). */
  void markSent(UUID queryId);

  /** Records a failed send; the record stays unsent for the sweeper. */
  void recordFailure(UUID queryId, String error);

  /**
   * Sends up to {@code limit} unsent records created at least {@code grace} ago, oldest first, each
   * marked sent or failed. The records are locked while they are sent ({@code FOR UPDATE SKIP
   * LOCKED}), so a sweeper running beside this one takes other records, not the same ones. Stops at
   * the first failed send: the queue is likely down, and every further send would wait for it too.
   * The record of a query that finished meanwhile is marked sent without a message.
   */
  Batch sendUnsent(Duration grace, int limit, Sender sender);

  /**
   * Marks unsent again the records of PROCESSING queries whose lease lapsed and that were not sent
   * since it lapsed (their worker crashed or timed out), and of PENDING queries whose message was
   * sent at least {@code unclaimedAfter} ago and never claimed (the message was lost). A query with
   * no record (stored before the outbox existed) gets one. Returns how many were re-armed.
   */
  int rearmLost(Duration unclaimedAfter);
}
