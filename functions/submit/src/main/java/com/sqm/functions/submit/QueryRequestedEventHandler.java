package com.sqm.functions.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.sqm.api.LambdaInvocation;
import com.sqm.config.ContainerComponents;
import com.sqm.config.IntakeSettings;
import com.sqm.model.SqmException;
import com.sqm.service.IntakeOutcome;
import com.sqm.service.IntakeService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An EventBridge {@code QueryRequested} event: submits its question as {@code POST /queries} would
 * (see {@link IntakeService}). A refused event is logged and dropped; a passing failure (the store
 * down, the caller over their rate) is thrown, so Lambda's asynchronous retries deliver it again.
 * The result (outcome, query id or the refusal's code and field) is for direct invocations.
 */
public final class QueryRequestedEventHandler
    implements RequestHandler<ScheduledEvent, Map<String, String>> {
  private final IntakeService intake;
  private final LambdaInvocation invocation = new LambdaInvocation();

  /** Used by Lambda: the container's components; the sources from {@code SQM_INTAKE_*}. */
  public QueryRequestedEventHandler() {
    this(
        new IntakeService(
            ContainerComponents.get().submitService(), IntakeSettings.fromEnvironment()));
  }

  public QueryRequestedEventHandler(IntakeService intake) {
    this.intake = intake;
  }

  @Override
  public Map<String, String> handleRequest(ScheduledEvent event, Context context) {
    return invocation.run(context, () -> submit(event));
  }

  private Map<String, String> submit(ScheduledEvent event) {
    IntakeOutcome outcome =
        intake.fromEvent(
            event.getSource(), event.getId(), event.getDetailType(), event.getDetail());
    if (outcome.retryable()) {
      throw SqmException.transientFailure(
          outcome.code(), "the question was not submitted yet; deliver the event again", null);
    }
    // Lambda ignores an asynchronous invocation's result; a direct invoke prints it.
    Map<String, String> result = new LinkedHashMap<>();
    result.put("outcome", outcome.kind().name());
    if (outcome.queryId() != null) {
      result.put("queryId", outcome.queryId().toString());
    }
    if (outcome.code() != null) {
      result.put("code", outcome.code().name());
    }
    if (outcome.field() != null) {
      result.put("field", outcome.field());
    }
    return result;
  }
}
