package com.sqm.functions.queries;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.api.ApiInvocation;
import com.sqm.api.ApiRequest;
import com.sqm.api.ApiResponses;
import com.sqm.config.ContainerComponents;
import com.sqm.service.QueryReadService;

/**
 * {@code GET /users/{userId}/queries?cursor=&limit=}: the caller's own history, newest first, as
 * {@code {"items":[...],"nextCursor":...}}. Another user's history answers 404, like an unknown
 * one.
 */
public final class ListUserQueriesHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final QueryReadService service;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public ListUserQueriesHandler() {
    this(ContainerComponents.get().readService());
  }

  public ListUserQueriesHandler(QueryReadService service) {
    this.service = service;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ApiInvocation.handle(event, context, this::list);
  }

  private APIGatewayV2HTTPResponse list(ApiRequest request) {
    String callerId = request.callerId();
    var page =
        service.listForUser(
            request.pathParameter("userId"),
            callerId,
            request.queryParameter("cursor").orElse(null),
            request.intQueryParameter("limit").orElse(null));
    return ApiResponses.json(200, page);
  }
}
