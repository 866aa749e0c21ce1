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
import com.sqm.service.QueryReadService;

/**
 * {@code GET /users/{userId}/queries?cursor=&limit=}: the caller's own history, newest first, as
 * {@code {"items":[...],"nextCursor":...}}. Another user's history answers 404, like an unknown
 * one.
 */
public final class ListUserQueriesHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final QueryReadService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public ListUserQueriesHandler() {
    this(ContainerComponents.get().readService(), ContainerComponents.get().config().identity());
  }

  /** With the default identity settings (groups in {@code cognito:groups}). */
  public ListUserQueriesHandler(QueryReadService service) {
    this(service, IdentitySettings.DEFAULTS);
  }

  public ListUserQueriesHandler(QueryReadService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(event, context, this::list);
  }

  private APIGatewayV2HTTPResponse list(ApiRequest request) {
    Caller caller = request.caller(identity);
    var page =
        service.listForUser(
            request.pathParameter("userId"),
            caller,
            request.queryParameter("cursor").orElse(null),
            request.intQueryParameter("limit").orElse(null));
    return ApiResponses.json(200, page);
  }
}
