package com.sqm.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.model.SqmException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The boundary every HTTP handler runs its route through: a {@link LambdaInvocation} (request id
 * and cold start in the MDC) that turns {@link SqmException} into its error response, and any other
 * failure into a logged, generic 500. A handler holds one for its lifetime.
 */
public final class ApiInvocation {
  private static final Logger log = LoggerFactory.getLogger(ApiInvocation.class);

  private final LambdaInvocation invocation = new LambdaInvocation();

  public APIGatewayV2HTTPResponse handle(
      APIGatewayV2HTTPEvent event,
      Context context,
      Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
    ApiRequest request = ApiRequest.of(event);
    String requestId = LambdaInvocation.requestId(context, request.requestId());
    return invocation.run(
        context,
        requestId,
        () -> {
          try {
            return route.apply(request);
          } catch (SqmException e) {
            if (e.code().httpStatus() >= 500) {
              log.error("request failed code={}", e.code(), e);
            } else {
              log.info(
                  "request rejected code={} field={}: {}", e.code(), e.field(), e.getMessage());
            }
            return ApiResponses.error(e, requestId);
          } catch (RuntimeException e) {
            // The one place an unexpected failure is caught: logged once with its cause, answered
            // generically.
            log.error("unexpected failure", e);
            return ApiResponses.internalError(requestId);
          } finally {
            MDC.remove("queryId");
          }
        });
  }
}
