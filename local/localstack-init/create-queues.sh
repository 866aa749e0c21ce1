#!/bin/sh
# Runs inside LocalStack when it is ready: the queue the submit function sends to, with its DLQ.
set -e
awslocal sqs create-queue --queue-name sqm-queries-dlq
awslocal sqs create-queue --queue-name sqm-queries \
  --attributes '{"VisibilityTimeout":"180","RedrivePolicy":"{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:sqm-queries-dlq\",\"maxReceiveCount\":\"5\"}"}'
