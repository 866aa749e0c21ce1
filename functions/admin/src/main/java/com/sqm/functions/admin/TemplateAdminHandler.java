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
import com.sqm.model.QueryTemplate;
import com.sqm.model.TemplateRequest;
import com.sqm.service.DataSourceAdminService;
import java.util.List;

/**
 * The admin routes of a data source's examples: {@code POST /datasources/{id}/templates} (201, SQL
 * checked by the guard), {@code GET} the list, {@code DELETE …/templates/{templateId}} (204).
 */
public final class TemplateAdminHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final DataSourceAdminService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public TemplateAdminHandler() {
    this(AdminComponents.service(), ContainerComponents.get().config().identity());
  }

  public TemplateAdminHandler(DataSourceAdminService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  /** The body of the list. */
  public record TemplateList(List<QueryTemplate> templates) {}

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(event, context, this::dispatch);
  }

  private APIGatewayV2HTTPResponse dispatch(ApiRequest request) {
    Caller caller = request.caller(identity);
    DataSourceAdminService.requireAdmin(caller);
    String route = request.event().getRouteKey();
    return switch (route == null ? "" : route) {
      case "POST /datasources/{id}/templates" ->
          ApiResponses.json(
              201,
              service.addTemplate(
                  caller, request.pathParameter("id"), request.body(TemplateRequest.class)));
      case "GET /datasources/{id}/templates" ->
          ApiResponses.json(
              200, new TemplateList(service.templates(caller, request.pathParameter("id"))));
      case "DELETE /datasources/{id}/templates/{templateId}" -> {
        service.deleteTemplate(
            caller, request.pathParameter("id"), request.pathParameter("templateId"));
        yield ApiResponses.noContent();
      }
      default -> throw DataSourceAdminHandler.unknownRoute(route);
    };
  }
}
