package com.sqm.functions.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.AppConfig;
import com.sqm.config.Json;
import com.sqm.embedded.SharedTestServices;
import com.sqm.store.Database;
import com.sqm.testing.RecordingHttpServer;
import com.sqm.testing.RecordingHttpServer.Received;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigrateHandlerIT {
  private static final String DATABASE = "migrate_handler_it";
  private static HikariDataSource pool;
  private RecordingHttpServer responseUrl;

  @BeforeAll
  static void start() {
    SharedTestServices.postgres().createDatabaseIfMissing(DATABASE);
    pool = Database.pool(config(SharedTestServices.postgres().jdbcUrl(DATABASE)));
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  @BeforeEach
  void startResponseUrl() {
    responseUrl = RecordingHttpServer.start();
  }

  @AfterEach
  void stopResponseUrl() {
    responseUrl.close();
  }

  private static AppConfig config(String jdbcUrl) {
    return AppConfig.from(
        Map.of(
            "SQM_DB_URL", jdbcUrl,
            "SQM_DB_USER", "postgres",
            "SQM_QUEUE_URL", "http://127.0.0.1:1/000000000000/none"));
  }

  private CloudFormationCustomResourceEvent event(String file) {
    CloudFormationCustomResourceEvent event =
        EventLoader.loadEvent(
            "cloudformation/events/" + file, CloudFormationCustomResourceEvent.class);
    event.setResponseUrl(responseUrl.baseUrl() + "/response?X-Amz-Signature=abc");
    return event;
  }

  private MigrateHandler handler(Supplier<DataSource> database) {
    return new MigrateHandler(database, new CustomResourceResponder(Duration.ofSeconds(5)));
  }

  private JsonNode onlyResponse() throws IOException {
    assertThat(responseUrl.requests()).hasSize(1);
    Received received = responseUrl.requests().get(0);
    assertThat(received.method()).isEqualTo("PUT");
    assertThat(received.path()).isEqualTo("/response?X-Amz-Signature=abc");
    // The pre-signed URL is signed without a Content-Type.
    assertThat(received.header("Content-Type")).isNull();
    return Json.mapper().readTree(received.body());
  }

  private static String scalar(String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void shouldMigrateAndAnswerSuccess_whenStackIsCreated() throws Exception {
    // Act
    handler(() -> pool).handleRequest(event("create.json"), null);

    // Assert
    JsonNode response = onlyResponse();
    assertThat(response.path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo(MigrateHandler.PHYSICAL_RESOURCE_ID);
    assertThat(response.path("RequestId").asText())
        .isEqualTo("2f1c7e7a-3b1d-4c55-9f0e-1a2b3c4d5e6f");
    assertThat(response.path("LogicalResourceId").asText()).isEqualTo("DatabaseMigrations");
    assertThat(response.path("StackId").asText()).startsWith("arn:aws:cloudformation:");
    String latest = scalar("select max(version::int)::text from flyway_schema_history");
    assertThat(response.path("Data").path("SchemaVersion").asText()).isEqualTo(latest);
    assertThat(scalar("select to_regclass('public.user_query')::text")).isEqualTo("user_query");
  }

  @Test
  void shouldAnswerSuccessAndApplyNothingTwice_whenStackIsUpdated() throws Exception {
    // Arrange
    handler(() -> pool).handleRequest(event("create.json"), null);
    responseUrl.close();
    responseUrl = RecordingHttpServer.start();

    // Act
    handler(() -> pool).handleRequest(event("update.json"), null);

    // Assert
    JsonNode response = onlyResponse();
    assertThat(response.path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo(MigrateHandler.PHYSICAL_RESOURCE_ID);
    assertThat(response.path("Data").path("MigrationsApplied").asText()).isEqualTo("0");
  }

  @Test
  void shouldAnswerSuccessWithoutTouchingTheDatabase_whenStackIsDeleted() throws Exception {
    // Arrange
    boolean[] asked = {false};

    // Act
    handler(
            () -> {
              asked[0] = true;
              return pool;
            })
        .handleRequest(event("delete.json"), null);

    // Assert
    JsonNode response = onlyResponse();
    assertThat(response.path("Status").asText()).isEqualTo("SUCCESS");
    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo(MigrateHandler.PHYSICAL_RESOURCE_ID);
    assertThat(asked[0]).isFalse();
  }

  @Test
  void shouldAnswerFailedWithTheReason_whenTheDatabaseCannotBeReached() throws Exception {
    // Arrange
    PGSimpleDataSource dead = new PGSimpleDataSource();
    dead.setURL("jdbc:postgresql://127.0.0.1:1/none");

    // Act
    handler(() -> dead).handleRequest(event("create.json"), null);

    // Assert
    JsonNode response = onlyResponse();
    assertThat(response.path("Status").asText()).isEqualTo("FAILED");
    assertThat(response.path("Reason").asText()).startsWith("Migrations failed: ");
    assertThat(response.path("PhysicalResourceId").asText())
        .isEqualTo(MigrateHandler.PHYSICAL_RESOURCE_ID);
  }

  @Test
  void shouldAnswerFailedWithTheReason_whenThePasswordSecretCannotBeRead() throws Exception {
    // Act
    handler(
            () -> {
              throw new IllegalStateException(
                  "SQM_DB_PASSWORD refers to a secret that cannot be read");
            })
        .handleRequest(event("create.json"), null);

    // Assert
    JsonNode response = onlyResponse();
    assertThat(response.path("Status").asText()).isEqualTo("FAILED");
    assertThat(response.path("Reason").asText()).contains("SQM_DB_PASSWORD");
  }

  @Test
  void shouldAnswerFailed_whenRequestTypeIsUnknown() throws Exception {
    // Arrange
    CloudFormationCustomResourceEvent event = event("create.json");
    event.setRequestType("Replace");

    // Act
    handler(() -> pool).handleRequest(event, null);

    // Assert
    JsonNode response = onlyResponse();
    assertThat(response.path("Status").asText()).isEqualTo("FAILED");
    assertThat(response.path("Reason").asText()).contains("Replace");
  }

  @Test
  void shouldFail_whenTheResponseUrlRefusesTheAnswer() {
    // Arrange
    responseUrl.answer(RecordingHttpServer.status(403));

    // Act / Assert
    assertThatThrownBy(() -> handler(() -> pool).handleRequest(event("delete.json"), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("403");
  }
}
