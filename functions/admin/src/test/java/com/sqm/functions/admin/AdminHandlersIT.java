package com.sqm.functions.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.IdentitySettings;
import com.sqm.config.Json;
import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceRequest;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.service.DataSourceAdminService;
import com.sqm.service.DataSourceChecks;
import com.sqm.testing.TestEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The admin handlers on API Gateway events and the real query store; the connection check is a
 * stand-in (the SQL layers' check is exercised end to end by the local runner's DataSourceAdminIT).
 */
class AdminHandlersIT {
  private static TestEnvironment env;
  private static RecordingChecks checks;
  private static DataSourceAdminService service;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("admin_handlers_it");
    checks = new RecordingChecks();
    service = env.components().dataSourceAdminService(checks);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.components().dataSources().delete("warehouse");
    checks.connected.clear();
    checks.failure = null;
  }

  /** Connects nowhere: records what it was asked and answers one warning, or fails as told. */
  static final class RecordingChecks implements DataSourceChecks {
    final List<String> connected = new ArrayList<>();
    SqmException failure;

    @Override
    public List<String> connect(DataSourceConfig dataSource) {
      connected.add(dataSource.connectionRef());
      if (failure != null) {
        throw failure;
      }
      return List.of("role 'owner' can write to this database");
    }

    @Override
    public void checkTemplateSql(DataSourceConfig dataSource, String sql) {}
  }

  private static JsonNode body(APIGatewayV2HTTPResponse response) throws Exception {
    return Json.mapper().readTree(response.getBody());
  }

  private static APIGatewayV2HTTPEvent withoutGroups(APIGatewayV2HTTPEvent event) {
    Map<String, String> claims =
        new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
    claims.remove("cognito:groups");
    event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
    return event;
  }

  @ParameterizedTest
  @Event(value = "events/create-datasource.json", type = APIGatewayV2HTTPEvent.class)
  void shouldCreate201WithWarningsAndLocation_whenAnAdminPostsADataSource(
      APIGatewayV2HTTPEvent event) throws Exception {
    DataSourceAdminHandler handler = new DataSourceAdminHandler(service, IdentitySettings.DEFAULTS);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    assertThat(response.getHeaders()).containsEntry("Location", "/datasources/warehouse");
    JsonNode created = body(response);
    assertThat(created.path("connectionRef").asText()).isEqualTo("secret:sqm/warehouse-reader");
    assertThat(created.path("allowedSchemas").toString()).isEqualTo("[\"public\",\"stock\"]");
    assertThat(created.path("limits").path("maxRows").asInt()).isEqualTo(500);
    assertThat(created.path("warnings").get(0).asText()).contains("can write");
    assertThat(checks.connected).containsExactly("secret:sqm/warehouse-reader");
    assertThat(env.components().dataSources().findById("warehouse")).isPresent();
  }

  @ParameterizedTest
  @Event(value = "events/create-datasource.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer403AndStoreNothing_whenTheCallerIsNotAnAdmin(APIGatewayV2HTTPEvent event)
      throws Exception {
    DataSourceAdminHandler handler = new DataSourceAdminHandler(service, IdentitySettings.DEFAULTS);

    APIGatewayV2HTTPResponse response = handler.handleRequest(withoutGroups(event), null);

    assertThat(response.getStatusCode()).isEqualTo(403);
    assertThat(body(response).path("error").path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(checks.connected).isEmpty();
    assertThat(env.components().dataSources().findById("warehouse")).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/create-datasource.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400OnConnectionRefAndStoreNothing_whenTheCheckCannotConnect(
      APIGatewayV2HTTPEvent event) throws Exception {
    checks.failure =
        new SqmException(
            ErrorCode.VALIDATION_ERROR,
            "connectionRef does not lead to a reachable database: Connection refused",
            "connectionRef");
    DataSourceAdminHandler handler = new DataSourceAdminHandler(service, IdentitySettings.DEFAULTS);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(body(response).path("error").path("field").asText()).isEqualTo("connectionRef");
    assertThat(env.components().dataSources().findById("warehouse")).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/create-datasource.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404_whenTheRouteKeyIsNotOneTheHandlerServes(APIGatewayV2HTTPEvent event)
      throws Exception {
    event.setRouteKey("PATCH /datasources/{id}");
    DataSourceAdminHandler handler = new DataSourceAdminHandler(service, IdentitySettings.DEFAULTS);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @Event(value = "events/grant-datasource.json", type = APIGatewayV2HTTPEvent.class)
  void shouldGrantTheGroup_andListTheDataSourceToItsMembers(APIGatewayV2HTTPEvent event)
      throws Exception {
    service.create(
        Caller.admin("root"),
        new DataSourceRequest(
            "warehouse", "Warehouse", null, "secret:sqm/warehouse-reader", null, null, null));
    GrantAdminHandler grants = new GrantAdminHandler(service, IdentitySettings.DEFAULTS);
    ListDataSourcesHandler list = new ListDataSourcesHandler(service, IdentitySettings.DEFAULTS);
    APIGatewayV2HTTPEvent listing =
        Json.mapper()
            .readValue(
                getClass().getResourceAsStream("/events/list-datasources.json"),
                APIGatewayV2HTTPEvent.class);
    List<String> before = ids(list.handleRequest(listing, null));

    APIGatewayV2HTTPResponse granted = grants.handleRequest(event, null);

    assertThat(granted.getStatusCode()).as(granted.getBody()).isEqualTo(200);
    assertThat(body(granted).path("principal").asText()).isEqualTo("group:logistics");
    assertThat(body(granted).path("grantedBy").asText())
        .isEqualTo("3f9b2c1d-6a7e-4b8f-9c0d-1e2f3a4b5c6d");
    assertThat(before).doesNotContain("warehouse");
    assertThat(ids(list.handleRequest(listing, null))).contains("warehouse");
  }

  @Test
  void shouldGetUpdateAndDeleteTheDataSource_whenTheRouteSamplesAreRunThroughTheHandler()
      throws Exception {
    // Arrange
    service.create(
        Caller.admin("root"),
        new DataSourceRequest(
            "warehouse", "Warehouse", null, "secret:sqm/warehouse-reader", null, null, null));
    DataSourceAdminHandler handler = new DataSourceAdminHandler(service, IdentitySettings.DEFAULTS);

    // Act
    APIGatewayV2HTTPResponse got =
        handler.handleRequest(
            EventLoader.loadApiGatewayHttpEvent("events/get-datasource.json"), null);
    APIGatewayV2HTTPResponse updated =
        handler.handleRequest(
            EventLoader.loadApiGatewayHttpEvent("events/update-datasource.json"), null);
    APIGatewayV2HTTPResponse deleted =
        handler.handleRequest(
            EventLoader.loadApiGatewayHttpEvent("events/delete-datasource.json"), null);

    // Assert
    assertThat(got.getStatusCode()).as(got.getBody()).isEqualTo(200);
    assertThat(body(got).path("id").asText()).isEqualTo("warehouse");
    assertThat(updated.getStatusCode()).as(updated.getBody()).isEqualTo(200);
    assertThat(body(updated).path("limits").path("maxRows").asInt()).isEqualTo(1000);
    assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(204);
    assertThat(env.components().dataSources().findById("warehouse")).isEmpty();
  }

  @Test
  void shouldAddListAndDeleteATemplate_whenTheTemplateSamplesAreRunThroughTheHandler()
      throws Exception {
    // Arrange
    service.create(
        Caller.admin("root"),
        new DataSourceRequest(
            "warehouse", "Warehouse", null, "secret:sqm/warehouse-reader", null, null, null));
    TemplateAdminHandler handler = new TemplateAdminHandler(service, IdentitySettings.DEFAULTS);

    // Act
    APIGatewayV2HTTPResponse created =
        handler.handleRequest(
            EventLoader.loadApiGatewayHttpEvent("events/create-template.json"), null);
    APIGatewayV2HTTPResponse listed =
        handler.handleRequest(
            EventLoader.loadApiGatewayHttpEvent("events/list-templates.json"), null);
    APIGatewayV2HTTPEvent delete =
        EventLoader.loadApiGatewayHttpEvent("events/delete-template.json");
    delete.setPathParameters(
        Map.of("id", "warehouse", "templateId", body(created).path("id").asText()));
    APIGatewayV2HTTPResponse deleted = handler.handleRequest(delete, null);

    // Assert
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
    assertThat(listed.getStatusCode()).as(listed.getBody()).isEqualTo(200);
    assertThat(listed.getBody()).contains("stock-by-site");
    assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(204);
  }

  @Test
  void shouldRevokeTheGrant_whenTheRevokeSampleIsRunThroughTheHandler() throws Exception {
    // Arrange
    service.create(
        Caller.admin("root"),
        new DataSourceRequest(
            "warehouse", "Warehouse", null, "secret:sqm/warehouse-reader", null, null, null));
    GrantAdminHandler grants = new GrantAdminHandler(service, IdentitySettings.DEFAULTS);
    grants.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/grant-datasource.json"), null);

    // Act
    APIGatewayV2HTTPResponse revoked =
        grants.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/revoke-grant.json"), null);

    // Assert
    assertThat(revoked.getStatusCode()).as(revoked.getBody()).isEqualTo(204);
  }

  private static List<String> ids(APIGatewayV2HTTPResponse response) throws Exception {
    List<String> ids = new ArrayList<>();
    body(response).path("dataSources").forEach(ds -> ids.add(ds.path("id").asText()));
    return ids;
  }
}
