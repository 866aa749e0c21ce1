package com.sqm.functions.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.config.ContainerComponents;
import com.sqm.config.Json;
import com.sqm.pipeline.PipelineComponents;
import com.sqm.pipeline.QueryPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * SQS consumer: runs the answer pipeline for each queued query id and reports only the messages
 * that should be delivered again (partial batch response).
 */
public final class QueryWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger log = LoggerFactory.getLogger(QueryWorkerHandler.class);

  /** Built once per container, on the first invocation of a no-argument handler. */
  private static final class Container {
    static final QueryPipeline PIPELINE =
        PipelineComponents.create(ContainerComponents.get()).pipeline();
  }

  private final QueryPipeline pipeline;
  private final ObjectMapper json = Json.mapper();

  /** Used by the Lambda runtime. */
  public QueryWorkerHandler() {
    this(null);
  }

  public QueryWorkerHandler(QueryPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
    for (SQSEvent.SQSMessage message : records) {
      if (!processMessage(message)) {
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }

  /** Returns false when the message should be delivered again. */
  private boolean processMessage(SQSEvent.SQSMessage message) {
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
    try {
      pipeline().process(queryId.get());
      return true;
    } catch (RuntimeException e) {
      // The pipeline logged the cause; this line says what becomes of the message.
      try (MDC.MDCCloseable ignored = MDC.putCloseable("queryId", queryId.get().toString())) {
        log.warn("message {} will be retried", message.getMessageId());
      }
      return false;
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
}
