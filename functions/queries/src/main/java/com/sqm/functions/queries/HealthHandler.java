package com.sqm.functions.queries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.api.ApiInvocation;
import com.sqm.api.ApiResponses;
import com.sqm.config.ContainerComponents;
import com.sqm.service.HealthReport;
import com.sqm.service.HealthService;
import com.sqm.service.HealthStatus;

/**
 * {@code GET /health} (no token): 200 when UP or DEGRADED, 503 when DOWN, with each dependency's
 * status and latency.
 */
public final class HealthHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final HealthService service;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public HealthHandler() {
    this(ContainerComponents.get().healthService());
  }

  public HealthHandler(HealthService service) {
    this.service = service;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(
        event,
        context,
        request -> {
          HealthReport report = service.check();
          return ApiResponses.json(report.status() == HealthStatus.DOWN ? 503 : 200, report);
        });
  }
}
