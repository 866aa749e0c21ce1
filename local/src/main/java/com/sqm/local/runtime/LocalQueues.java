package com.sqm.local.runtime;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the queues the deployed stack has: {@code sqm-queries} and its dead-letter queue. {@code
 * url} and {@code arn} are those of the work queue.
 */
record LocalQueues(String url, String arn, String deadLetterUrl) {
  static final String QUEUE_NAME = "sqm-queries";
  static final String DEAD_LETTER_QUEUE_NAME = "sqm-queries-dlq";

  /**
   * Longer than one pipeline run, as the worker's visibility timeout must be in AWS; {@code
   * SQM_LOCAL_VISIBILITY_TIMEOUT_SECONDS} changes it (tests use 1 s to see redrives quickly).
   */
  static final int VISIBILITY_TIMEOUT_SECONDS = 60;

  /** Deliveries before a message is parked; the pipeline itself gives up on a query sooner. */
  static final int MAX_RECEIVE_COUNT = 5;

  static LocalQueues create(SqsClient sqs, int visibilityTimeoutSeconds) {
    return create(sqs, QUEUE_NAME, DEAD_LETTER_QUEUE_NAME, visibilityTimeoutSeconds);
  }

  /**
   * Creates {@code queueName} with {@code deadLetterQueueName} as its dead-letter queue (after
   * {@link #MAX_RECEIVE_COUNT} deliveries), as the template declares each of its queues.
   */
  static LocalQueues create(
      SqsClient sqs, String queueName, String deadLetterQueueName, int visibilityTimeoutSeconds) {
    String dlqUrl = sqs.createQueue(r -> r.queueName(deadLetterQueueName)).queueUrl();
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\""
            + arn(sqs, dlqUrl)
            + "\",\"maxReceiveCount\":\""
            + MAX_RECEIVE_COUNT
            + "\"}";
    String url =
        sqs.createQueue(
                r ->
                    r.queueName(queueName)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                String.valueOf(visibilityTimeoutSeconds),
                                QueueAttributeName.REDRIVE_POLICY,
                                redrivePolicy)))
            .queueUrl();
    return new LocalQueues(url, arn(sqs, url), dlqUrl);
  }

  private static String arn(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(
            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }
}
