package com.sqm.queue;

import java.util.UUID;

/** The SQS message body that hands a query to the worker: {@code {"queryId":"..."}}. */
public record QueueMessage(UUID queryId) {}
