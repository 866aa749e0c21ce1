package com.sqm.functions.admin;

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
import com.sqm.service.DataSourceAdminService;

/**
 * {@code PUT} and {@code DELETE /datasources/{id}/grants/{principal}}: let a user ({@code
 * user:<sub>}), a group ({@code group:<name>}) or {@code everyone} use a data source, or stop them.
 */
public final class GrantAdminHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final DataSourceAdminService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public GrantAdminHandler() {
    this(AdminComponents.service(), ContainerComponents.get().config().identity());
  }

  public GrantAdminHandler(DataSourceAdminService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(event, context, this::dispatch);
  }

  private APIGatewayV2HTTPResponse dispatch(ApiRequest request) {
    Caller caller = request.caller(identity);
    DataSourceAdminService.requireAdmin(caller);
    String route = request.event().getRouteKey();
    String id = request.pathParameter("id");
    String principal = request.pathParameter("principal");
    return switch (route == null ? "" : route) {
      case "PUT /datasources/{id}/grants/{principal}" ->
          ApiResponses.json(200, service.grant(caller, id, principal));
      case "DELETE /datasources/{id}/grants/{principal}" -> {
        service.revoke(caller, id, principal);
        yield ApiResponses.noContent();
      }
      default -> throw DataSourceAdminHandler.unknownRoute(route);
    };
  }
}
