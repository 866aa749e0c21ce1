package com.sqm.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.AppConfig;
import com.sqm.config.AwsClients;
import com.sqm.config.Json;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@link QueryQueue} on Amazon SQS (or any SQS-compatible endpoint such as ElasticMQ). */
public final class SqsQueryQueue implements QueryQueue {
  private static final Logger log = LoggerFactory.getLogger(SqsQueryQueue.class);

  /**
   * A health probe gives up long before a send would: the caller is waiting on the whole report.
   */
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

  private static final Duration MAX_VISIBILITY = Duration.ofHours(12);

  private final SqsClient sqs;
  private final String queueUrl;

  public SqsQueryQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /**
   * An SQS client configured as {@link AwsClients#configure} does, with {@code SQM_SQS_ENDPOINT}
   * (ElasticMQ locally) as its endpoint override.
   */
  public static SqsClient client(AppConfig config) {
    return AwsClients.configure(SqsClient.builder(), config.awsRegion(), config.sqsEndpoint())
        .build();
  }

  @Override
  public void enqueue(UUID queryId) {
    String body;
    try {
      body = Json.mapper().writeValueAsString(new QueueMessage(queryId));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("queue message not serialisable", e);
    }
    try {
      String messageId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)).messageId();
      log.info("query enqueued messageId={}", messageId);
    } catch (SdkException e) {
      log.warn("query could not be enqueued: {}", e.getMessage());
      throw new SqmException(
          ErrorCode.QUEUE_UNAVAILABLE,
          "the query queue is unavailable; try again shortly",
          null,
          e);
    }
  }

  @Override
  public void redeliverAfter(String receiptHandle, Duration delay) {
    // SQS counts the new visibility timeout from now, at most 12 hours.
    int seconds = (int) Math.max(0, Math.min(MAX_VISIBILITY.toSeconds(), delay.toSeconds()));
    try {
      sqs.changeMessageVisibility(
          b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    } catch (SdkException e) {
      log.warn(
          "could not set the retry delay; the message returns after the visibility timeout: {}",
          e.getMessage());
    }
  }

  @Override
  public void ping() {
    try {
      sqs.getQueueAttributes(
          b ->
              b.queueUrl(queueUrl)
                  .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                  .overrideConfiguration(o -> o.apiCallTimeout(PING_TIMEOUT)));
    } catch (SdkException e) {
      throw new SqmException(
          ErrorCode.QUEUE_UNAVAILABLE, "the query queue is unavailable", null, e);
    }
  }
}
