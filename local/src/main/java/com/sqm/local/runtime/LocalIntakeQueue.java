package com.sqm.local.runtime;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the deployed stack's intake queue, {@code sqm-intake}, and its dead-letter queue: other
 * services send questions there (see {@code IntakeQueueHandler}).
 */
record LocalIntakeQueue(String url, String arn, String deadLetterUrl) {
  static final String QUEUE_NAME = "sqm-intake";
  static final String DEAD_LETTER_QUEUE_NAME = "sqm-intake-dlq";

  static LocalIntakeQueue create(SqsClient sqs, int visibilityTimeoutSeconds) {
    String dlqUrl = sqs.createQueue(r -> r.queueName(DEAD_LETTER_QUEUE_NAME)).queueUrl();
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\""
            + arn(sqs, dlqUrl)
            + "\",\"maxReceiveCount\":\""
            + LocalQueues.MAX_RECEIVE_COUNT
            + "\"}";
    String url =
        sqs.createQueue(
                r ->
                    r.queueName(QUEUE_NAME)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                String.valueOf(visibilityTimeoutSeconds),
                                QueueAttributeName.REDRIVE_POLICY,
                                redrivePolicy)))
            .queueUrl();
    return new LocalIntakeQueue(url, arn(sqs, url), dlqUrl);
  }

  private static String arn(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(
            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }
}
