package com.sqm.api;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The boundary every handler runs an invocation through: puts Lambda's request id and whether this
 * is the container's first invocation ({@code coldStart}) in the MDC, so every log line of the
 * invocation carries them, and clears both after. A handler holds one for its lifetime; Lambda
 * builds one handler per container, so "first for this handler" is "first in this container".
 */
public final class LambdaInvocation {
  public static final String REQUEST_ID = "requestId";
  public static final String COLD_START = "coldStart";

  private final AtomicBoolean first = new AtomicBoolean(true);

  /** Runs {@code work} as one invocation with the request id of {@code context} (may be null). */
  public <T> T run(Context context, Supplier<T> work) {
    return run(context, null, work);
  }

  /**
   * As {@link #run(Context, Supplier)}; without a request id in {@code context}, {@code fallback}
   * (API Gateway's own request id) names the invocation.
   */
  public <T> T run(Context context, String fallback, Supplier<T> work) {
    String requestId = requestId(context, fallback);
    // The previous invocation on this thread cleared its own; a leftover would mislabel this one.
    MDC.remove(REQUEST_ID);
    if (requestId != null) {
      MDC.put(REQUEST_ID, requestId);
    }
    MDC.put(COLD_START, String.valueOf(first.getAndSet(false)));
    try {
      return work.get();
    } finally {
      MDC.remove(REQUEST_ID);
      MDC.remove(COLD_START);
    }
  }

  /** Lambda's request id from {@code context}, else {@code fallback}. */
  public static String requestId(Context context, String fallback) {
    return context != null && context.getAwsRequestId() != null
        ? context.getAwsRequestId()
        : fallback;
  }

  /** As {@link #run(Context, Supplier)} for work with no result. */
  public void run(Context context, Runnable work) {
    run(
        context,
        () -> {
          work.run();
          return null;
        });
  }
}
