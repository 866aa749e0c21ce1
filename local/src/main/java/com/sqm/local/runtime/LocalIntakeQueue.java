package com.sqm.local.runtime;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Creates the deployed stack's intake queue, {@code sqm-intake}, and its dead-letter queue: other
 * services send questions there (see {@code IntakeQueueHandler}).
 */
record LocalIntakeQueue(String url, String arn, String deadLetterUrl) {
  static final String QUEUE_NAME = "sqm-intake";
  static final String DEAD_LETTER_QUEUE_NAME = "sqm-intake-dlq";

  static LocalIntakeQueue create(SqsClient sqs, int visibilityTimeoutSeconds) {
    LocalQueues queues =
        LocalQueues.create(sqs, QUEUE_NAME, DEAD_LETTER_QUEUE_NAME, visibilityTimeoutSeconds);
    return new LocalIntakeQueue(queues.url(), queues.arn(), queues.deadLetterUrl());
  }
}
