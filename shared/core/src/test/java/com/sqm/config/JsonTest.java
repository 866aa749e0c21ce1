package com.sqm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.sqm.api.QueryAccepted;
import com.sqm.model.QueryRequest;
import com.sqm.model.QueryStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void shouldReadRequest_whenTypesMatch() throws Exception {
    QueryRequest request =
        Json.requestMapper()
            .readValue(
                "{\"question\":\"Top products?\",\"options\":{\"maxRows\":10,\"useCache\":false}}",
                QueryRequest.class);

    assertThat(request.question()).isEqualTo("Top products?");
    assertThat(request.options().maxRows()).isEqualTo(10);
    assertThat(request.options().cacheAllowed()).isFalse();
  }

  @Test
  void shouldRejectNumber_whenStringExpected() {
    assertThatThrownBy(() -> Json.requestMapper().readValue("{\"question\":5}", QueryRequest.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void shouldRejectString_whenIntegerExpected() {
    assertThatThrownBy(
            () ->
                Json.requestMapper()
                    .readValue(
                        "{\"question\":\"q\",\"options\":{\"maxRows\":\"10\"}}",
                        QueryRequest.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void shouldRejectFloat_whenIntegerExpected() {
    assertThatThrownBy(
            () ->
                Json.requestMapper()
                    .readValue(
                        "{\"question\":\"q\",\"options\":{\"maxRows\":1.5}}", QueryRequest.class))
        .isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void shouldRejectUnknownField_whenReadingRequest() {
    assertThatThrownBy(
            () -> Json.requestMapper().readValue("{\"questoin\":\"q\"}", QueryRequest.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
  }

  @Test
  void shouldIgnoreUnknownField_whenReadingStoredJson() throws Exception {
    QueryRequest request =
        Json.mapper().readValue("{\"question\":\"q\",\"added\":1}", QueryRequest.class);

    assertThat(request.question()).isEqualTo("q");
  }

  @Test
  void shouldWriteIsoDates_whenSerialisingInstants() throws Exception {
    String json =
        Json.mapper().writeValueAsString(Map.of("at", Instant.parse("2025-03-12T10:15:42Z")));

    assertThat(json).isEqualTo("{\"at\":\"2025-03-12T10:15:42Z\"}");
  }

  @Test
  void shouldWriteAcceptedBody_whenQueryAccepted() throws Exception {
    UUID id = UUID.fromString("0f8e2d4c-6b1a-4c3e-9d57-2a8b1e6f4c90");

    String json = Json.mapper().writeValueAsString(QueryAccepted.of(id, QueryStatus.PENDING));

    assertThat(json)
        .isEqualTo(
            "{\"id\":\""
                + id
                + "\",\"status\":\"PENDING\",\"links\":{\"self\":\"/queries/"
                + id
                + "\"}}");
  }
}
