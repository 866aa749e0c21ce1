package com.sqm.functions.sweeper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.sqm.api.LambdaInvocation;
import com.sqm.config.ContainerComponents;
import com.sqm.model.SqmException;
import com.sqm.service.CompletionEventService;
import com.sqm.service.SweeperService;
import com.sqm.service.SweeperService.Sweep;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one sweep per scheduled event: unsent outbox records are sent, lost queries sent again,
 * unpublished completion events published and due webhooks retried. Answers the counts ({@code
 * sent}, {@code requeued}, {@code failed}; with events also {@code eventsPublished}, {@code
 * eventsFailed}, {@code webhooksDelivered}, {@code webhooksFailed}) for the invocation's record.
 */
public final class SweeperHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
  private static final Logger log = LoggerFactory.getLogger(SweeperHandler.class);
  private final SweeperService sweeper;
  private final CompletionEventService events;
  private final LambdaInvocation invocation = new LambdaInvocation();

  /** Used by Lambda: the container's shared components, settings from the environment. */
  public SweeperHandler() {
    this(
        ContainerComponents.get().sweeperService(SweeperService.Settings.from(System::getenv)),
        ContainerComponents.get().completionEventService());
  }

  /** A sweeper of the work queue's outbox only. */
  public SweeperHandler(SweeperService sweeper) {
    this(sweeper, null);
  }

  /** A sweeper of the work queue's outbox and of the completion events ({@code events}). */
  public SweeperHandler(SweeperService sweeper, CompletionEventService events) {
    this.sweeper = sweeper;
    this.events = events;
  }

  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    return invocation.run(context, this::sweep);
  }

  private Map<String, Integer> sweep() {
    try {
      Sweep sweep = sweeper.sweep();
      Map<String, Integer> counts = new LinkedHashMap<>();
      counts.put("sent", sweep.sent());
      counts.put("requeued", sweep.requeued());
      counts.put("failed", sweep.failed());
      if (events != null) {
        CompletionEventService.Sweep eventSweep = events.sweep();
        counts.put("eventsPublished", eventSweep.published());
        counts.put("eventsFailed", eventSweep.publishFailed());
        counts.put("webhooksDelivered", eventSweep.webhooksDelivered());
        counts.put("webhooksFailed", eventSweep.webhooksFailed());
      }
      return counts;
    } catch (SqmException e) {
      // The store is down: nothing was sent; the next scheduled run tries again.
      log.warn("sweep did not run code={}: {}", e.code(), e.getMessage());
      throw e;
    }
  }
}
