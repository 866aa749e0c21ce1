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
import com.sqm.service.AuditService;

/**
 * {@code GET /audit?user=&dataSource=&from=&to=&limit=&cursor=}: the audit log for admins, newest
 * first, as {@code {"items":[...],"nextCursor":...}}; anyone else gets 403 FORBIDDEN.
 */
public final class AuditHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final AuditService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public AuditHandler() {
    this(ContainerComponents.get().auditService(), ContainerComponents.get().config().identity());
  }

  public AuditHandler(AuditService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(event, context, this::search);
  }

  private APIGatewayV2HTTPResponse search(ApiRequest request) {
    var page =
        service.search(
            request.caller(identity),
            request.queryParameter("user").orElse(null),
            request.queryParameter("dataSource").orElse(null),
            request.queryParameter("from").orElse(null),
            request.queryParameter("to").orElse(null),
            request.queryParameter("cursor").orElse(null),
            request.intQueryParameter("limit").orElse(null));
    return ApiResponses.json(200, page);
  }
}
