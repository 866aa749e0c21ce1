package com.sqm.functions.sweeper;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.sqm.config.ContainerComponents;
import com.sqm.model.SqmException;
import com.sqm.service.SweeperService;
import com.sqm.service.SweeperService.Sweep;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one sweep per scheduled event: unsent outbox records are sent, lost queries sent again.
 * Answers the counts ({@code sent}, {@code requeued}, {@code failed}) for the invocation's record.
 */
public final class SweeperHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
  private static final Logger log = LoggerFactory.getLogger(SweeperHandler.class);
  private final SweeperService sweeper;

  /** Used by Lambda: the container's shared components, settings from the environment. */
  public SweeperHandler() {
    this(ContainerComponents.get().sweeperService(SweeperService.Settings.from(System::getenv)));
  }

  public SweeperHandler(SweeperService sweeper) {
    this.sweeper = sweeper;
  }

  @Override
  public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put("requestId", context.getAwsRequestId());
    }
    try {
      Sweep sweep = sweeper.sweep();
      return Map.of("sent", sweep.sent(), "requeued", sweep.requeued(), "failed", sweep.failed());
    } catch (SqmException e) {
      // The store is down: nothing was sent; the next scheduled run tries again.
      log.warn("sweep did not run code={}: {}", e.code(), e.getMessage());
      throw e;
    } finally {
      MDC.remove("requestId");
    }
  }
}
