#!/bin/sh
# Runs inside LocalStack when it is ready: the queues template.yaml declares, each after its DLQ,
# with the template's visibility timeout and redrive policy. Each "# template:" line names the
# resource the next command stands for (ComposeConsistencyTest checks them against the template).
set -e
DLQ_ARN=arn:aws:sqs:us-east-1:000000000000

# template: QueryDeadLetterQueue
awslocal sqs create-queue --queue-name sqm-queries-dlq
# template: QueryQueue
awslocal sqs create-queue --queue-name sqm-queries \
  --attributes '{"VisibilityTimeout":"720","RedrivePolicy":"{\"deadLetterTargetArn\":\"'"$DLQ_ARN"':sqm-queries-dlq\",\"maxReceiveCount\":\"5\"}"}'

# template: IntakeDeadLetterQueue
awslocal sqs create-queue --queue-name sqm-intake-dlq
# template: IntakeQueue
awslocal sqs create-queue --queue-name sqm-intake \
  --attributes '{"VisibilityTimeout":"180","RedrivePolicy":"{\"deadLetterTargetArn\":\"'"$DLQ_ARN"':sqm-intake-dlq\",\"maxReceiveCount\":\"5\"}"}'
