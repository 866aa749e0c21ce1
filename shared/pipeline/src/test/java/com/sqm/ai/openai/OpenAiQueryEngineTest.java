package com.sqm.ai.openai;

import static com.sqm.ai.openai.EngineFixture.question;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.ai.ChartChoice;
import com.sqm.ai.EngineAnswer;
import com.sqm.ai.Interpretation;
import com.sqm.ai.SqlDraft;
import com.sqm.config.Json;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ChartType;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryType;
import com.sqm.model.SqmException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine with the real openai-java client against the local wire-format stub: what it makes of
 * answers.
 */
class OpenAiQueryEngineTest {
  private final EngineFixture fixture = new EngineFixture();
  private final OpenAiStub stub = fixture.stub;

  @AfterEach
  void stopStubAndClients() {
    fixture.close();
  }

  private OpenAiQueryEngine engine() {
    return fixture.engine();
  }

  private OpenAiQueryEngine engine(OpenAiSettings settings) {
    return fixture.engine(settings);
  }

  private static ObjectNode draftJson(String sql) {
    return OpenAiStub.draftJson(sql);
  }

  @Test
  void shouldMapAnalysisSqlAndUsage_whenModelAnswersWithDraft() {
    String sql =
        "SELECT c.country, count(*) AS orders FROM public.orders o JOIN public.customers c ON"
            + " c.id = o.customer_id GROUP BY c.country";
    stub.enqueue(OpenAiStub.reply(draftJson(sql + ";"), 1_200, 80));

    EngineAnswer<SqlDraft> answer = engine().draft(question("paid orders per country in 2025"));

    AIAnalysis analysis = answer.value().analysis();
    assertThat(answer.value().sql()).isEqualTo(sql);
    assertThat(analysis.queryType()).isEqualTo(QueryType.GROUPED_AGGREGATE);
    assertThat(analysis.tables()).containsExactly("public.orders", "public.customers");
    assertThat(analysis.measures()).containsExactly("count(*)");
    assertThat(analysis.dimensions()).containsExactly("customers.country");
    assertThat(analysis.filters()).containsExactly("status = 'paid'");
    assertThat(analysis.timeRange()).isEqualTo("2025");
    assertThat(analysis.assumptions()).containsExactly("paid orders only");
    assertThat(analysis.limit()).isNull();
    assertThat(analysis.confidence()).isEqualTo(0.8);
    assertThat(answer.usage().promptTokens()).isEqualTo(1_200);
    assertThat(answer.usage().completionTokens()).isEqualTo(80);
    // gpt-4o-mini: 0.15 USD per million input tokens, 0.60 per million output tokens.
    assertThat(answer.usage().estimatedCostUsd())
        .isCloseTo((1_200 * 0.15 + 80 * 0.60) / 1_000_000, within(1e-12));
  }

  @Test
  void shouldRequestStrictJsonSchemaFromSqlModel_whenDrafting() {
    stub.enqueue(OpenAiStub.reply(draftJson("SELECT 1"), 10, 5));

    engine().draft(question("how many customers?"));

    JsonNode body = stub.requests().get(0).body();
    assertThat(stub.requests().get(0).path()).isEqualTo("/v1/chat/completions");
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
    JsonNode format = body.path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("sql_draft");
    JsonNode schema = format.path("json_schema").path("schema");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.path("required")).hasSize(schema.path("properties").size());
    assertThat(schema.path("properties").path("queryType").path("enum").toString())
        .contains("TIME_SERIES", "TOP_N");
  }

  @Test
  void shouldMapInterpretation_whenModelAnswersWithSummaryFiguresAndChart() {
    ObjectNode reply = Json.mapper().createObjectNode();
    reply.put("summary", "Germany has the most paid orders (12).");
    ObjectNode figure = reply.putArray("keyFigures").addObject();
    figure.put("label", "Germany");
    figure.put("value", "12");
    ObjectNode chart = reply.putObject("chart");
    chart.put("type", "BAR");
    chart.put("x", "country");
    chart.put("y", "orders");
    chart.putNull("color");
    chart.put("title", "Paid orders per country");
    stub.enqueue(OpenAiStub.reply(reply, 300, 40));
    DataResult result =
        new DataResult(
            List.of(new ColumnMeta("country", "text"), new ColumnMeta("orders", "int8")),
            List.of(List.of("Germany", 12L), List.of("France", 7L)),
            2,
            false);

    EngineAnswer<Interpretation> answer =
        engine().interpret(question("paid orders per country"), null, "SELECT …", result);

    assertThat(answer.value().summary()).isEqualTo("Germany has the most paid orders (12).");
    assertThat(answer.value().keyFigures())
        .containsExactly(new Interpretation.KeyFigure("Germany", "12"));
    assertThat(answer.value().chart())
        .isEqualTo(
            new ChartChoice(ChartType.BAR, "country", "orders", null, "Paid orders per country"));
    assertThat(answer.usage().totalTokens()).isEqualTo(340);
    String prompt = stub.requests().get(0).lastUserMessage();
    assertThat(prompt).contains("country | orders", "Germany | 12", "France | 7");
    assertThat(
            stub.requests()
                .get(0)
                .body()
                .path("response_format")
                .path("json_schema")
                .path("name")
                .asText())
        .isEqualTo("interpretation");
  }

  @Test
  void shouldUseInterpretModel_whenConfiguredApart() {
    OpenAiSettings settings =
        OpenAiSettings.fromEnv(
            Map.of(
                    "OPENAI_API_KEY", "sk-x",
                    "OPENAI_BASE_URL", stub.baseUrl(),
                    "SQM_MODEL_SQL", "gpt-4.1",
                    "SQM_MODEL_INTERPRET", "gpt-4.1-nano",
                    "SQM_MODEL_MAX_RETRIES", "0")
                ::get);
    stub.enqueue(OpenAiStub.interpretation("s"));
    OpenAiQueryEngine engine = engine(settings);

    EngineAnswer<Interpretation> answer =
        engine.interpret(
            question("q"), null, "SELECT 1", new DataResult(List.of(), List.of(), 0, false));

    assertThat(engine.name()).isEqualTo("openai:gpt-4.1");
    assertThat(stub.requests().get(0).body().path("model").asText()).isEqualTo("gpt-4.1-nano");
    // gpt-4.1-nano: 0.10 USD per million input tokens, 0.40 per million output tokens.
    assertThat(answer.usage().estimatedCostUsd())
        .isCloseTo((100 * 0.10 + 20 * 0.40) / 1_000_000, within(1e-12));
  }

  @Test
  void shouldFailWithEngineError_whenContentIsNotJson() {
    stub.enqueue(OpenAiStub.reply("SELECT * FROM orders", 10, 5));

    assertThatThrownBy(() -> engine().draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessage("The model's answer did not follow the expected format: it is not valid JSON.");
  }

  @Test
  void shouldFailWithEngineError_whenAnswerMissesAField() {
    ObjectNode draft = draftJson("SELECT 1");
    draft.remove("tables");
    stub.enqueue(OpenAiStub.reply(draft, 10, 5));

    assertThatThrownBy(() -> engine().draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessageContaining("field 'tables' is missing");
  }

  @Test
  void shouldFailWithEngineError_whenResponseIsNotAChatCompletion() {
    stub.enqueue(OpenAiStub.ok("{\"unexpected\":true}"));

    assertThatThrownBy(() -> engine().draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessageNotContaining("Exception");
  }

  @Test
  void shouldFailNotAnswerable_whenModelRefuses() {
    stub.enqueue(OpenAiStub.refusal("I can't help with that."));

    assertThatThrownBy(() -> engine().draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessageContaining("I can't help with that.");
  }

  @Test
  void shouldFailNotAnswerableWithModelsReason_whenModelSaysNotAnswerable() {
    stub.enqueue(OpenAiStub.notAnswerable("No table records employee salaries."));

    assertThatThrownBy(() -> engine().draft(question("average salary of employees")))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.QUESTION_NOT_ANSWERABLE))
        .hasMessage("No table records employee salaries.");
  }

  @Test
  void shouldFailWithEngineError_whenAnswerIsCutAtTokenLimit() {
    stub.enqueue(OpenAiStub.finished("{\"answerable\": tr", "length"));

    assertThatThrownBy(() -> engine().draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessageContaining("token limit");
  }
}
