package com.sqm.functions.queries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.api.ApiInvocation;
import com.sqm.api.ApiRequest;
import com.sqm.api.ApiResponses;
import com.sqm.config.ContainerComponents;
import com.sqm.config.IdentitySettings;
import com.sqm.model.Caller;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.service.ProgressWait;
import com.sqm.service.QueryReadService;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * {@code GET /queries/{id}[?wait=N[&status=S][&stage=T]]}: the caller's query with its progress or
 * answer, held up to N seconds until its status or stage changes; 404 for anyone else's.
 */
public final class GetQueryHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  /** Left of the function's time after a wait, to read the row and answer. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(3);

  private final QueryReadService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public GetQueryHandler() {
    this(ContainerComponents.get().readService(), ContainerComponents.get().config().identity());
  }

  /** With the default identity settings (groups in {@code cognito:groups}). */
  public GetQueryHandler(QueryReadService service) {
    this(service, IdentitySettings.DEFAULTS);
  }

  public GetQueryHandler(QueryReadService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ApiInvocation.handle(event, context, request -> get(request, context));
  }

  private APIGatewayV2HTTPResponse get(ApiRequest request, Context context) {
    Caller caller = request.caller(identity);
    UUID id = request.uuidPathParameter("id");
    ProgressWait wait =
        ProgressWait.of(
            request.intQueryParameter("wait").orElse(null),
            request.enumQueryParameter("status", QueryStatus.class).orElse(null),
            request.enumQueryParameter("stage", QueryStage.class).orElse(null));
    if (context != null) {
      wait =
          wait.atMost(Duration.ofMillis(context.getRemainingTimeInMillis()).minus(ANSWER_MARGIN));
    }
    MDC.put("queryId", id.toString());
    return ApiResponses.json(200, service.get(id, caller, wait));
  }
}
