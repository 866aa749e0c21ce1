package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The oracle {@link OpenApiContractIT} relies on: it must notice a body that departs. */
class OpenApiContractTest {
  private final OpenApiContract contract;

  OpenApiContractTest() throws Exception {
    contract = new OpenApiContract();
  }

  @Test
  void shouldAcceptBody_whenItFitsTheSchema() throws Exception {
    assertThat(
            contract.responseProblems(
                "GET /queries/{id}",
                404,
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no query\",\"field\":\"id\"}}"))
        .isEmpty();
  }

  @Test
  void shouldAcceptThePage_whenItsContentTypeIsDocumented() throws Exception {
    assertThat(
            contract.responseProblems("GET /", 200, "text/html; charset=utf-8", "<!doctype html>"))
        .isEmpty();
    assertThat(
            contract.responseProblems(
                "GET /playground/{file}", 200, "text/javascript; charset=utf-8", "export {}"))
        .isEmpty();
  }

  @Test
  void shouldReportProblem_whenTheContentTypeIsNotDocumented() throws Exception {
    assertThat(contract.responseProblems("GET /", 200, "application/json", "{}")).isNotEmpty();
    assertThat(contract.responseProblems("GET /health", 200, "text/html", "<p>UP</p>"))
        .isNotEmpty();
  }

  @Test
  void shouldReportProblem_whenErrorBodyHasAnUnknownShape() throws Exception {
    assertThat(contract.responseProblems("GET /queries/{id}", 404, "{\"message\":\"no query\"}"))
        .isNotEmpty();
  }

  @Test
  void shouldReportProblem_whenAFieldHasTheWrongType() throws Exception {
    assertThat(
            contract.responseProblems(
                "POST /queries",
                202,
                "{\"id\":\"6f1c0000-0000-0000-0000-000000000000\",\"status\":\"LOST\","
                    + "\"links\":{\"self\":\"/queries/6f1c\"}}"))
        .isNotEmpty();
  }

  @Test
  void shouldReportProblem_whenStatusIsNotDocumented() throws Exception {
    assertThat(contract.responseProblems("GET /health", 418, "{}")).isNotEmpty();
  }

  @Test
  void shouldReportProblem_whenNoContentResponseHasABody() throws Exception {
    assertThat(contract.responseProblems("DELETE /datasources/{id}", 204, "{}")).isNotEmpty();
  }

  @Test
  void shouldReportProblem_whenRequestBodyHasAnUnknownField() throws Exception {
    assertThat(contract.requestProblems("POST /queries", "{\"question\":\"q\",\"colour\":1}"))
        .isNotEmpty();
    assertThat(contract.requestProblems("POST /queries", "{\"question\":\"q\"}")).isEmpty();
  }

  @Test
  void shouldReportProblem_whenRouteIsNotDocumented() throws Exception {
    assertThat(contract.responseProblems("GET /nowhere", 200, "{}")).isNotEmpty();
  }
}
