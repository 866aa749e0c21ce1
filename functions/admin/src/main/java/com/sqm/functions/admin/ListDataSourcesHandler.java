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
import com.sqm.model.DataSourceView;
import com.sqm.service.DataSourceAdminService;
import java.util.List;

/**
 * {@code GET /datasources}: the data sources the caller may ask about (an admin: all of them, with
 * their grants and whether they are enabled).
 */
public final class ListDataSourcesHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final DataSourceAdminService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public ListDataSourcesHandler() {
    this(AdminComponents.service(), ContainerComponents.get().config().identity());
  }

  public ListDataSourcesHandler(DataSourceAdminService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  /** The response body. */
  public record DataSourceList(List<DataSourceView> dataSources) {}

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(event, context, this::list);
  }

  private APIGatewayV2HTTPResponse list(ApiRequest request) {
    return ApiResponses.json(200, new DataSourceList(service.list(request.caller(identity))));
  }
}
