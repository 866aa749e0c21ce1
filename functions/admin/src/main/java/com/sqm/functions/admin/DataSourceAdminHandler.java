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
import com.sqm.model.DataSourceRequest;
import com.sqm.model.DataSourceView;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.service.DataSourceAdminService;
import java.util.Map;

/**
 * The admin routes of one data source: {@code POST /datasources} (201), {@code GET}, {@code PUT}
 * and {@code DELETE /datasources/{id}} (204). Non-admins get 403.
 */
public final class DataSourceAdminHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final DataSourceAdminService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public DataSourceAdminHandler() {
    this(AdminComponents.service(), ContainerComponents.get().config().identity());
  }

  public DataSourceAdminHandler(DataSourceAdminService service, IdentitySettings identity) {
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
    return switch (route == null ? "" : route) {
      case "POST /datasources" -> {
        DataSourceView created = service.create(caller, request.body(DataSourceRequest.class));
        yield ApiResponses.json(201, created, Map.of("Location", "/datasources/" + created.id()));
      }
      case "GET /datasources/{id}" ->
          ApiResponses.json(200, service.get(caller, request.pathParameter("id")));
      case "PUT /datasources/{id}" ->
          ApiResponses.json(
              200,
              service.update(
                  caller, request.pathParameter("id"), request.body(DataSourceRequest.class)));
      case "DELETE /datasources/{id}" -> {
        service.delete(caller, request.pathParameter("id"));
        yield ApiResponses.noContent();
      }
      default -> throw unknownRoute(route);
    };
  }

  static SqmException unknownRoute(String route) {
    return new SqmException(ErrorCode.NOT_FOUND, "no such route: " + route, null);
  }
}
