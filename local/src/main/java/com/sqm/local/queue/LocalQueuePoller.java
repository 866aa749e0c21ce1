package com.sqm.local.queue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sqm.local.LocalLambdaContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Does locally what Lambda's SQS event source mapping does: long-polls the queue, invokes the
 * worker with a batch, and deletes the messages the worker did not report as failed (with {@code
 * ReportBatchItemFailures}); failed ones reappear after the visibility timeout. Like Lambda, it
 * runs several batches at once: {@code concurrency} pollers, each with its own batch.
 */
public final class LocalQueuePoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalQueuePoller.class);
  private static final int MAX_BATCH = 10;
  private static final Duration FUNCTION_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration BACKOFF = Duration.ofSeconds(1);

  /** How long {@link #close()} waits for the batches in flight to finish. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final SqsClient sqs;
  private final String queueUrl;
  private final SqsEventFactory events;
  private final String functionName;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final int waitSeconds;
  private final List<Thread> threads;
  private volatile boolean running;

  /** Guards {@link #closed} and {@link #batchesInFlight}; notified when a batch ends. */
  private final Object batches = new Object();

  private boolean closed;
  private int batchesInFlight;

  /** One poller: one batch at a time. */
  public LocalQueuePoller(
      SqsClient sqs,
      String queueUrl,
      SqsEventFactory events,
      String functionName,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      Duration longPoll) {
    this(sqs, queueUrl, 1, events, functionName, handler, longPoll);
  }

  /** {@code concurrency} pollers of {@code queueUrl}, each receiving and handling its own batch. */
  public LocalQueuePoller(
      SqsClient sqs,
      String queueUrl,
      int concurrency,
      SqsEventFactory events,
      String functionName,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      Duration longPoll) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    this.sqs = Objects.requireNonNull(sqs);
    this.queueUrl = Objects.requireNonNull(queueUrl);
    this.events = Objects.requireNonNull(events);
    this.functionName = Objects.requireNonNull(functionName);
    this.handler = Objects.requireNonNull(handler);
    this.waitSeconds = (int) Math.max(0, Math.min(20, longPoll.toSeconds()));
    List<Thread> pollers = new ArrayList<>();
    for (int i = 1; i <= concurrency; i++) {
      pollers.add(new Thread(this::pollUntilStopped, "sqs-poller-" + i));
    }
    this.threads = List.copyOf(pollers);
  }

  public void start() {
    running = true;
    threads.forEach(Thread::start);
  }

  private void pollUntilStopped() {
    while (running) {
      try {
        pollOnce();
      } catch (SdkException e) {
        if (running) {
          log.warn("polling {} failed, retrying in {}: {}", queueUrl, BACKOFF, e.getMessage());
          sleep(BACKOFF);
        }
      }
    }
  }

  /**
   * Receives one batch (waiting up to the long-poll time), runs the worker on it; returns its size,
   * or 0 when the poller was closed meanwhile and the batch went back to the queue.
   */
  int pollOnce() {
    List<Message> messages =
        sqs.receiveMessage(
                r ->
                    r.queueUrl(queueUrl)
                        .maxNumberOfMessages(MAX_BATCH)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
            .messages();
    if (messages.isEmpty()) {
      return 0;
    }
    if (!beginBatch()) {
      // Received by a long poll that outlasted close(): no worker takes them any more.
      returnToQueue(messages);
      return 0;
    }
    try {
      handle(messages);
    } finally {
      endBatch();
    }
    return messages.size();
  }

  /** Makes {@code messages} visible again at once, for whoever polls the queue next. */
  private void returnToQueue(List<Message> messages) {
    List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(
          ChangeMessageVisibilityBatchRequestEntry.builder()
              .id("m" + i)
              .receiptHandle(messages.get(i).receiptHandle())
              .visibilityTimeout(0)
              .build());
    }
    // Logged here: the poll loop stays quiet about failures once the poller is closed. A message
    // not returned stays hidden for its visibility timeout and is then delivered again.
    try {
      var failed =
          sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed();
      if (!failed.isEmpty()) {
        log.warn(
            "{} of {} messages received after close could not be returned to {} at once; they"
                + " return after their visibility timeout",
            failed.size(),
            messages.size(),
            queueUrl);
      }
    } catch (SdkException e) {
      log.warn(
          "{} messages received after close could not be returned to {} at once; they return"
              + " after their visibility timeout: {}",
          messages.size(),
          queueUrl,
          e.getMessage());
    }
  }

  private boolean beginBatch() {
    synchronized (batches) {
      if (closed) {
        return false;
      }
      batchesInFlight++;
      return true;
    }
  }

  private void endBatch() {
    synchronized (batches) {
      batchesInFlight--;
      batches.notifyAll();
    }
  }

  private void handle(List<Message> messages) {
    Set<String> failed = invoke(messages);
    List<DeleteMessageBatchRequestEntry> done =
        messages.stream()
            .filter(m -> !failed.contains(m.messageId()))
            .map(
                m ->
                    DeleteMessageBatchRequestEntry.builder()
                        .id(m.messageId())
                        .receiptHandle(m.receiptHandle())
                        .build())
            .toList();
    if (!done.isEmpty()) {
      var result = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
      result
          .failed()
          .forEach(f -> log.warn("could not delete message {}: {}", f.id(), f.message()));
    }
    if (!failed.isEmpty()) {
      log.info(
          "{} of {} messages failed; they return to the queue after the visibility timeout",
          failed.size(),
          messages.size());
    }
  }

  /** The ids of the messages to leave on the queue, following Lambda's partial-batch rules. */
  private Set<String> invoke(List<Message> messages) {
    Set<String> all = messages.stream().map(Message::messageId).collect(Collectors.toSet());
    SQSBatchResponse response;
    try {
      SQSEvent event = events.build(messages);
      response =
          handler.handleRequest(
              event,
              new LocalLambdaContext(functionName, UUID.randomUUID().toString(), FUNCTION_TIMEOUT));
    } catch (RuntimeException e) {
      // A crashed invocation fails the whole batch in Lambda.
      log.error("{} failed on a batch of {} messages", functionName, messages.size(), e);
      return all;
    }
    if (response == null || response.getBatchItemFailures() == null) {
      return Set.of();
    }
    Set<String> failed =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .collect(Collectors.toSet());
    // Lambda treats an unknown or empty identifier as a failure of the whole batch.
    if (failed.stream().anyMatch(id -> id == null || id.isEmpty() || !all.contains(id))) {
      log.warn(
          "{} reported an unknown message id; treating the whole batch as failed", functionName);
      return all;
    }
    return failed;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops polling and waits (bounded) for the batches in flight; a batch that outlasts the wait is
   * left to finish, and its undeleted messages come back after the visibility timeout. A poller
   * still waiting in a long poll is not waited for: it ends with that poll and hands nothing it
   * receives to the worker.
   */
  @Override
  public void close() {
    running = false;
    long busy;
    synchronized (batches) {
      closed = true;
      long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
      for (long left = DRAIN_TIMEOUT.toMillis();
          batchesInFlight > 0 && left > 0;
          left = Duration.ofNanos(deadline - System.nanoTime()).toMillis()) {
        try {
          batches.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      busy = batchesInFlight;
    }
    if (busy > 0) {
      log.warn("{} queue pollers are still busy with a batch; leaving them to finish", busy);
    }
  }
}
