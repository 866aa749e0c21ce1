package com.sqm.functions.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sqm.api.LambdaInvocation;
import com.sqm.config.ContainerComponents;
import com.sqm.config.IntakeSettings;
import com.sqm.service.IntakeService;
import java.util.ArrayList;
import java.util.List;

/**
 * The intake queue: each message's body is a question with its caller (see {@link IntakeService}).
 * Only passing failures (the store down, the caller over their rate) are reported as batch item
 * failures, to be delivered again (and, after the queue's receive count, parked in its dead-letter
 * queue); a refused message is logged with the field and deleted, since no redelivery can fix it.
 */
public final class IntakeQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private final IntakeService intake;
  private final LambdaInvocation invocation = new LambdaInvocation();

  /** Used by Lambda: the container's components. */
  public IntakeQueueHandler() {
    this(
        new IntakeService(
            ContainerComponents.get().submitService(), IntakeSettings.fromEnvironment()));
  }

  public IntakeQueueHandler(IntakeService intake) {
    this.intake = intake;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    return invocation.run(context, () -> handleBatch(event));
  }

  private SQSBatchResponse handleBatch(SQSEvent event) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      if (intake.fromQueue(message.getMessageId(), message.getBody(), key(message)).retryable()) {
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    return new SQSBatchResponse(failures);
  }

  private static String key(SQSEvent.SQSMessage message) {
    var attributes = message.getMessageAttributes();
    var attribute =
        attributes == null ? null : attributes.get(IntakeService.IDEMPOTENCY_KEY_ATTRIBUTE);
    return attribute == null ? null : attribute.getStringValue();
  }
}
