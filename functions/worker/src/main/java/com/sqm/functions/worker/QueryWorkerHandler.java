package com.sqm.functions.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.api.LambdaInvocation;
import com.sqm.config.ContainerComponents;
import com.sqm.config.Json;
import com.sqm.metrics.EmfMetricsPublisher;
import com.sqm.metrics.MetricsPublisher;
import com.sqm.metrics.QueryMetrics;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.pipeline.QueryPipeline;
import com.sqm.pipeline.TimeBudget;
import com.sqm.queue.QueryQueue;
import com.sqm.service.CompletionEventService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * SQS consumer: runs the answer pipeline for each queued query id within the invocation's remaining
 * time and reports only the messages that should be delivered again (partial batch response):
 * queries handed back for a retry, and those it had no time left to start. A query that finished
 * has its completion event published (and its webhook tried) once its outcome is committed. Each
 * message's metrics (queue age, stages, model usage, outcome) are published as it ends.
 */
public final class QueryWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger log = LoggerFactory.getLogger(QueryWorkerHandler.class);

  /** Built once per container, on the first invocation of a no-argument handler. */
  private static final class Container {
    static final QueryPipeline PIPELINE =
        PipelineComponents.create(ContainerComponents.get()).pipeline();
    static final QueryQueue QUEUE = ContainerComponents.get().queue();
    static final CompletionEventService EVENTS = ContainerComponents.get().completionEventService();
    static final MetricsPublisher METRICS = EmfMetricsPublisher.toStdout(System::getenv);
  }

  private final QueryPipeline pipeline;
  private final QueryQueue queue;
  private final CompletionEventService events;
  private final MetricsPublisher metrics;
  private final Clock clock;
  private final LambdaInvocation invocation = new LambdaInvocation();
  private final ObjectMapper json = Json.mapper();

  /** Used by the Lambda runtime. */
  public QueryWorkerHandler() {
    this(null, null);
  }

  /** A handler that leaves the wait before a retry to the queue's visibility timeout. */
  public QueryWorkerHandler(QueryPipeline pipeline) {
    this(pipeline, null);
  }

  /** A handler that has the queue redeliver a retried message after the pipeline's backoff. */
  public QueryWorkerHandler(QueryPipeline pipeline, QueryQueue queue) {
    this(pipeline, queue, null);
  }

  /**
   * As {@link #QueryWorkerHandler(QueryPipeline, QueryQueue)}, publishing completion events through
   * {@code events} (null: left to the sweeper).
   */
  public QueryWorkerHandler(
      QueryPipeline pipeline, QueryQueue queue, CompletionEventService events) {
    this(pipeline, queue, events, MetricsPublisher.NONE, Clock.systemUTC());
  }

  /**
   * As {@link #QueryWorkerHandler(QueryPipeline, QueryQueue, CompletionEventService)}, publishing
   * each message's metrics through {@code metrics}; {@code clock} dates the pick-up.
   */
  public QueryWorkerHandler(
      QueryPipeline pipeline,
      QueryQueue queue,
      CompletionEventService events,
      MetricsPublisher metrics,
      Clock clock) {
    this.pipeline = pipeline;
    this.queue = queue;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocation.run(context, () -> handleBatch(event, context));
  }

  private SQSBatchResponse handleBatch(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
    TimeBudget budget =
        context == null
            ? TimeBudget.UNLIMITED
            : () -> Duration.ofMillis(context.getRemainingTimeInMillis());
    for (SQSEvent.SQSMessage message : records) {
      if (!processMessage(message, budget)) {
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }

  /** Returns false when the message should be delivered again. */
  private boolean processMessage(SQSEvent.SQSMessage message, TimeBudget budget) {
    Optional<UUID> queryId = queryId(message.getBody());
    if (queryId.isEmpty()) {
      // A body we cannot read will not become readable on redelivery, but deleting it would lose
      // it: reported as failed, it returns until the redrive policy parks it in the DLQ, where
      // ./sqm dlq list shows it.
      log.error(
          "message {} is not {{\"queryId\": \"<uuid>\"}}; leaving it for the dead-letter queue",
          message.getMessageId());
      return false;
    }
    try (QueryMetrics measured = metrics().open(queryId.get())) {
      if (firstReceive(message)) {
        // A redelivery's age would add the earlier attempt and its backoff to the queue's wait.
        sentAt(message)
            .ifPresent(sent -> measured.queueAge(Duration.between(sent, clock.instant())));
      }
      // The pipeline checks the time left before claiming the query and before each stage.
      QueryPipeline.Result result = pipeline().process(queryId.get(), budget, measured);
      if (result.outcome() == QueryPipeline.Outcome.COMPLETED
          || result.outcome() == QueryPipeline.Outcome.FAILED) {
        publishCompletion(queryId.get());
      }
      if (result.outcome() != QueryPipeline.Outcome.RETRY) {
        return true;
      }
      if (queue() != null && message.getReceiptHandle() != null) {
        queue().redeliverAfter(message.getReceiptHandle(), result.retryAfter());
      }
      return false;
    } catch (RuntimeException e) {
      // The pipeline logged the cause; this line says what becomes of the message.
      try (MDC.MDCCloseable ignored = MDC.putCloseable("queryId", queryId.get().toString())) {
        log.warn("message {} will be retried", message.getMessageId());
      }
      try (QueryMetrics retry = metrics().open(queryId.get())) {
        retry.retried();
      }
      return false;
    }
  }

  /** True unless SQS says the message was received before (ApproximateReceiveCount above 1). */
  private static boolean firstReceive(SQSEvent.SQSMessage message) {
    String count =
        message.getAttributes() == null
            ? null
            : message.getAttributes().get("ApproximateReceiveCount");
    return count == null || "1".equals(count.strip());
  }

  /** After commit: the event is in the outbox already, so a failure here only delays it. */
  private void publishCompletion(UUID queryId) {
    CompletionEventService service = pipeline != null ? events : Container.EVENTS;
    if (service != null) {
      try (MDC.MDCCloseable ignored = MDC.putCloseable("queryId", queryId.toString())) {
        service.afterCompletion(queryId);
      }
    }
  }

  /** When SQS received the message (its SentTimestamp attribute, epoch milliseconds). */
  private static Optional<Instant> sentAt(SQSEvent.SQSMessage message) {
    String sent =
        message.getAttributes() == null ? null : message.getAttributes().get("SentTimestamp");
    try {
      return sent == null
          ? Optional.empty()
          : Optional.of(Instant.ofEpochMilli(Long.parseLong(sent)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Optional<UUID> queryId(String body) {
    try {
      JsonNode node = json.readTree(body == null ? "" : body);
      return Optional.of(UUID.fromString(node.path("queryId").asText()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private QueryPipeline pipeline() {
    return pipeline != null ? pipeline : Container.PIPELINE;
  }

  private MetricsPublisher metrics() {
    return pipeline != null ? metrics : Container.METRICS;
  }

  private QueryQueue queue() {
    return pipeline != null ? queue : Container.QUEUE;
  }
}
