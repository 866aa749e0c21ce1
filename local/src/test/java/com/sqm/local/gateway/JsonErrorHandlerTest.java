package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The codes and messages of the errors Jetty produces itself; the wire is MalformedRequestTest's.
 */
class JsonErrorHandlerTest {

  @Test
  void shouldUseApiCodes_whenStatusHasOne() {
    assertThat(JsonErrorHandler.code(400)).isEqualTo("VALIDATION_ERROR");
    assertThat(JsonErrorHandler.code(413)).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(JsonErrorHandler.code(431)).isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
    assertThat(JsonErrorHandler.code(500)).isEqualTo("INTERNAL_ERROR");
  }

  @Test
  void shouldNameStatus_whenApiHasNoCodeForIt() {
    assertThat(JsonErrorHandler.code(408)).isEqualTo("REQUEST_TIMEOUT");
    assertThat(JsonErrorHandler.code(501)).isEqualTo("NOT_IMPLEMENTED");
  }

  @Test
  void shouldFallBackToGenericCode_whenStatusUnknown() {
    assertThat(JsonErrorHandler.code(499)).isEqualTo("BAD_REQUEST");
    assertThat(JsonErrorHandler.code(599)).isEqualTo("INTERNAL_ERROR");
    assertThat(JsonErrorHandler.message(499)).isEqualTo("The request failed with status 499.");
  }

  @Test
  void shouldStateLimits_whenSizeErrors() {
    assertThat(JsonErrorHandler.message(413)).contains("16384 bytes");
    assertThat(JsonErrorHandler.message(431)).contains("16384 bytes");
    assertThat(JsonErrorHandler.message(408)).isEqualTo("Request Timeout.");
  }
}
