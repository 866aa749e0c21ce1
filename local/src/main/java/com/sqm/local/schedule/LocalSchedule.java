package com.sqm.local.schedule;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.sqm.local.LocalLambdaContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for an EventBridge schedule: invokes a handler with a {@link ScheduledEvent}
 * every {@code period}, one invocation at a time, until closed.
 */
public final class LocalSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalSchedule.class);
  private static final Duration FUNCTION_TIMEOUT = Duration.ofMinutes(1);

  private final String functionName;
  private final RequestHandler<ScheduledEvent, ?> handler;
  private final ScheduledExecutorService executor;

  private LocalSchedule(String functionName, RequestHandler<ScheduledEvent, ?> handler) {
    this.functionName = functionName;
    this.handler = handler;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, functionName + "-schedule");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts invoking {@code handler} every {@code period}, the first time after one period. */
  public static LocalSchedule start(
      String functionName, RequestHandler<ScheduledEvent, ?> handler, Duration period) {
    LocalSchedule schedule = new LocalSchedule(functionName, handler);
    schedule.executor.scheduleWithFixedDelay(
        schedule::invoke, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return schedule;
  }

  private void invoke() {
    String requestId = UUID.randomUUID().toString();
    ScheduledEvent event = new ScheduledEvent();
    event.setId(requestId);
    event.setVersion("0");
    event.setDetailType("Scheduled Event");
    event.setSource("aws.events");
    event.setAccount("000000000000");
    event.setRegion("us-east-1");
    event.setResources(List.of("arn:aws:events:us-east-1:000000000000:rule/" + functionName));
    try {
      handler.handleRequest(
          event, new LocalLambdaContext(functionName, requestId, FUNCTION_TIMEOUT));
    } catch (RuntimeException e) {
      // Lambda records a failed scheduled invocation and the next one runs on time; a task that
      // throws out of a ScheduledExecutorService would never run again.
      log.warn("{} failed: {}", functionName, e.toString());
    }
  }

  /** Stops scheduling and waits for a running invocation to finish. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
