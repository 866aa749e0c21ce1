package com.sqm.local.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The worker's dead-letter queue, through plain SQS calls (so the same code works against
 * ElasticMQ, LocalStack or AWS): shows the parked messages without consuming them, and moves them
 * back to the work queue.
 */
public final class DeadLetterQueue {
  /** How long a listed message stays hidden before the listing hands it back. */
  private static final Duration PEEK = Duration.ofSeconds(30);

  private final SqsClient sqs;
  private final String deadLetterQueueUrl;
  private final String workQueueUrl;

  public DeadLetterQueue(SqsClient sqs, String deadLetterQueueUrl, String workQueueUrl) {
    this.sqs = Objects.requireNonNull(sqs);
    this.deadLetterQueueUrl = Objects.requireNonNull(deadLetterQueueUrl);
    this.workQueueUrl = Objects.requireNonNull(workQueueUrl);
  }

  /**
   * A parked message: its body, the query it names if readable, how often it was received before
   * this listing, and when it was first sent.
   */
  public record DeadLetter(
      String messageId, String body, Optional<UUID> queryId, int receiveCount, Instant firstSent) {}

  /**
   * Up to {@code max} parked messages. Each is received (hidden) while the listing runs, then made
   * visible again at once, so listing consumes nothing.
   */
  public List<DeadLetter> peek(int max) {
    List<Message> received = receiveAll(max);
    try {
      return received.stream().map(DeadLetterQueue::deadLetter).toList();
    } finally {
      release(received);
    }
  }

  /** Moves up to {@code max} parked messages back to the work queue; returns how many. */
  public int redrive(int max) {
    int moved = 0;
    while (moved < max) {
      List<Message> batch = receive(Math.min(10, max - moved));
      if (batch.isEmpty()) {
        return moved;
      }
      for (Message message : batch) {
        // Sent before it is deleted: a crash in between leaves a copy in each queue, never none.
        sqs.sendMessage(
            r ->
                r.queueUrl(workQueueUrl)
                    .messageBody(message.body())
                    .messageAttributes(message.messageAttributes()));
        sqs.deleteMessage(
            r -> r.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
        moved++;
      }
    }
    return moved;
  }

  private List<Message> receiveAll(int max) {
    List<Message> all = new ArrayList<>();
    while (all.size() < max) {
      List<Message> batch = receive(Math.min(10, max - all.size()));
      if (batch.isEmpty()) {
        break;
      }
      all.addAll(batch);
    }
    return all;
  }

  private List<Message> receive(int count) {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(deadLetterQueueUrl)
                    .maxNumberOfMessages(count)
                    .visibilityTimeout((int) PEEK.toSeconds())
                    .waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All"))
        .messages();
  }

  private void release(List<Message> messages) {
    for (int from = 0; from < messages.size(); from += 10) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries =
          messages.subList(from, Math.min(messages.size(), from + 10)).stream()
              .map(
                  m ->
                      ChangeMessageVisibilityBatchRequestEntry.builder()
                          .id(m.messageId())
                          .receiptHandle(m.receiptHandle())
                          .visibilityTimeout(0)
                          .build())
              .toList();
      sqs.changeMessageVisibilityBatch(r -> r.queueUrl(deadLetterQueueUrl).entries(entries));
    }
  }

  private static DeadLetter deadLetter(Message message) {
    var attributes = message.attributes();
    int receives =
        parseInt(attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT), 1) - 1;
    long sent = parseLong(attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP));
    return new DeadLetter(
        message.messageId(),
        message.body(),
        queryId(message.body()),
        Math.max(0, receives),
        sent < 0 ? null : Instant.ofEpochMilli(sent));
  }

  /** The query id of a {@code {"queryId": "<uuid>"}} body, as the worker reads it. */
  static Optional<UUID> queryId(String body) {
    try {
      String id = Json.mapper().readTree(body == null ? "" : body).path("queryId").asText();
      return Optional.of(UUID.fromString(id));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int parseInt(String value, int fallback) {
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static long parseLong(String value) {
    try {
      return value == null ? -1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
