package com.sqm.functions.submit;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.QueryTemplate;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.RunnableSqlVerifier;
import com.sqm.sql.SqlGuard;
import com.sqm.testing.TestEnvironment;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;

class SubmitFeedbackHandlerIT {
  /** The caller ({@code sub}) and query id the events/submit-feedback*.json fixtures carry. */
  private static final String CALLER = "7c1e5f2a-9b3d-4e6f-8a21-0d4c6b9e3f15";

  private static final UUID QUERY_ID = UUID.fromString("0f8e2d4c-6b1a-4c3e-9d57-2a8b1e6f4c90");
  private static final String SHOP_DB = "feedback_handler_it_shop";
  private static final String ANSWER_SQL = "SELECT name FROM products ORDER BY unit_price DESC";

  private static TestEnvironment env;
  private static DataSourcePools pools;
  private static SubmitFeedbackHandler handler;

  @BeforeAll
  static void start() {
    EmbeddedPostgresServer postgres = SharedTestServices.postgres();
    postgres.createDatabaseIfMissing(SHOP_DB);
    DemoShopDataset.seed(postgres.superuserDataSource(SHOP_DB));
    env = TestEnvironment.create("feedback_handler_it");
    env.components()
        .dataSources()
        .upsert(
            new DataSourceConfig(
                TestEnvironment.DEMO,
                "Demo shop",
                null,
                postgres.jdbcUrl(SHOP_DB),
                List.of("public"),
                true,
                null));
    pools = new DataSourcePools(name -> null);
    handler =
        new SubmitFeedbackHandler(
            env.components()
                .feedbackService(
                    new RunnableSqlVerifier(new ReadOnlySqlRunner(new SqlGuard()), pools)));
  }

  @AfterAll
  static void stop() {
    pools.close();
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
    env.execute("DELETE FROM query_template");
  }

  @ParameterizedTest
  @Event(value = "events/submit-feedback.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer201AndRecordExample_whenOwnerApprovesCompletedAnswer(APIGatewayV2HTTPEvent event)
      throws Exception {
    completedQuery(CALLER);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    JsonNode body = Json.mapper().readTree(response.getBody());
    assertThat(body.get("feedback").get("rating").asText()).isEqualTo("up");
    assertThat(body.get("feedback").get("queryId").asText()).isEqualTo(QUERY_ID.toString());
    assertThat(body.get("exampleRecorded").asBoolean()).isTrue();
    assertThat(examples()).singleElement().extracting(QueryTemplate::sql).isEqualTo(ANSWER_SQL);
  }

  @ParameterizedTest
  @Event(value = "events/submit-feedback-correction.json", type = APIGatewayV2HTTPEvent.class)
  void shouldUseCorrectionAsExample_whenItRunsOnTheDataSource(APIGatewayV2HTTPEvent event)
      throws Exception {
    completedQuery(CALLER);

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    JsonNode body = Json.mapper().readTree(response.getBody());
    assertThat(body.get("exampleRecorded").asBoolean()).isTrue();
    assertThat(examples())
        .singleElement()
        .satisfies(t -> assertThat(t.sql()).contains("oi.quantity * oi.unit_price"));
  }

  @ParameterizedTest
  @Event(value = "events/submit-feedback-correction.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer422WithDatabaseSentence_whenCorrectionDoesNotRun(APIGatewayV2HTTPEvent event)
      throws Exception {
    completedQuery(CALLER);
    event.setBody("{\"rating\":\"down\",\"correctedSql\":\"SELECT revenue FROM products\"}");

    JsonNode error = assertError(handler.handleRequest(event, null), 422, "SQL_FAILED");

    assertThat(error.get("field").asText()).isEqualTo("correctedSql");
    assertThat(error.get("message").asText()).contains("revenue", "does not exist");
    assertThat(examples()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/submit-feedback-correction.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer422NamingRule_whenGuardRefusesCorrection(APIGatewayV2HTTPEvent event)
      throws Exception {
    completedQuery(CALLER);
    event.setBody("{\"rating\":\"down\",\"correctedSql\":\"DELETE FROM orders\"}");

    JsonNode error = assertError(handler.handleRequest(event, null), 422, "SQL_REJECTED");

    assertThat(error.get("message").asText()).startsWith("NOT_A_SELECT");
    assertThat(examples()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/submit-feedback.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer404_whenQueryBelongsToAnotherUser(APIGatewayV2HTTPEvent event) throws Exception {
    completedQuery("2d9f4b6e-8a1c-4e3f-b5d7-9c1e3a5f7b20");

    assertError(handler.handleRequest(event, null), 404, "NOT_FOUND");
    assertThat(examples()).isEmpty();
  }

  @ParameterizedTest
  @Event(value = "events/submit-feedback-invalid-rating.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400NamingRating_whenRatingInvalid(APIGatewayV2HTTPEvent event) throws Exception {
    completedQuery(CALLER);

    JsonNode error = assertError(handler.handleRequest(event, null), 400, "VALIDATION_ERROR");

    assertThat(error.get("field").asText()).isEqualTo("rating");
  }

  @ParameterizedTest
  @Event(value = "events/submit-feedback.json", type = APIGatewayV2HTTPEvent.class)
  void shouldAnswer400NamingField_whenBodyHasUnknownField(APIGatewayV2HTTPEvent event)
      throws Exception {
    completedQuery(CALLER);
    event.setBody("{\"rating\":\"up\",\"stars\":5}");

    JsonNode error = assertError(handler.handleRequest(event, null), 400, "INVALID_JSON");

    assertThat(error.get("field").asText()).isEqualTo("stars");
  }

  private static JsonNode assertError(APIGatewayV2HTTPResponse response, int status, String code)
      throws Exception {
    assertThat(response.getStatusCode()).isEqualTo(status);
    JsonNode error = Json.mapper().readTree(response.getBody()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    return error;
  }

  private static List<QueryTemplate> examples() {
    return env.components().templates().findByDataSource(TestEnvironment.DEMO);
  }

  private static void completedQuery(String owner) {
    env.insertQuery(QUERY_ID, owner, "Which products cost most?");
    env.execute(
        "UPDATE user_query SET generated_sql = '" + ANSWER_SQL + "' WHERE id = '" + QUERY_ID + "'");
    env.components()
        .queries()
        .complete(QUERY_ID, new DataResult(List.of(), List.of(), 0, false), "Listed.", null);
  }
}
