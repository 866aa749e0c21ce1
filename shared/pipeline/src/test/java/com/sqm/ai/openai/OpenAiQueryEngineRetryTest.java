package com.sqm.ai.openai;

import static com.sqm.ai.openai.EngineFixture.question;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.ai.EngineAnswer;
import com.sqm.ai.SqlDraft;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, timeouts and refusals of the service: the SDK retries, the engine maps what is left. */
class OpenAiQueryEngineRetryTest {
  private final EngineFixture fixture = new EngineFixture();
  private final OpenAiStub stub = fixture.stub;

  @AfterEach
  void stopStubAndClients() {
    fixture.close();
  }

  private OpenAiQueryEngine engine(Duration timeout, int maxRetries) {
    return fixture.engine(timeout, maxRetries);
  }

  private static ObjectNode draftJson(String sql) {
    return OpenAiStub.draftJson(sql);
  }

  @Test
  void shouldWaitRetryAfterAndRetry_whenRateLimitedOnce() {
    stub.enqueue(
        OpenAiStub.error(429, Map.of("Retry-After", "0.7")),
        OpenAiStub.reply(draftJson("SELECT 1"), 10, 5));

    EngineAnswer<SqlDraft> answer = engine(Duration.ofSeconds(5), 2).draft(question("orders"));

    assertThat(answer.value().sql()).isEqualTo("SELECT 1");
    List<OpenAiStub.Received> requests = stub.requests();
    assertThat(requests).hasSize(2);
    // Without the header the SDK's first backoff is at most 0.5 s: a longer wait is Retry-After's.
    assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(650));
  }

  @Test
  void shouldFailModelUnavailable_whenServerErrorsOutlastRetries() {
    Map<String, String> quickRetry = Map.of("Retry-After-Ms", "5");
    stub.enqueue(
        OpenAiStub.error(503, quickRetry),
        OpenAiStub.error(502, quickRetry),
        OpenAiStub.error(500, quickRetry),
        OpenAiStub.reply(draftJson("SELECT 1"), 10, 5));

    assertThatThrownBy(() -> engine(Duration.ofSeconds(5), 2).draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE))
        .hasMessageContaining("HTTP 500");
    assertThat(stub.requests()).hasSize(3);
  }

  @Test
  void shouldFailModelUnavailable_whenModelAnswersSlowerThanTimeout() {
    stub.enqueue(
        OpenAiStub.reply(draftJson("SELECT 1"), 10, 5).after(Duration.ofSeconds(10)),
        OpenAiStub.reply(draftJson("SELECT 1"), 10, 5).after(Duration.ofSeconds(10)));

    assertThatThrownBy(() -> engine(Duration.ofMillis(200), 1).draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
    assertThat(stub.requests()).hasSize(2);
  }

  @Test
  void shouldFailWithEngineErrorWithoutRetry_whenKeyIsRejected() {
    stub.enqueue(OpenAiStub.error(401, Map.of()), OpenAiStub.reply(draftJson("SELECT 1"), 1, 1));

    assertThatThrownBy(() -> engine(Duration.ofSeconds(5), 2).draft(question("orders")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageNotContaining("sk-test-secret");
    assertThat(stub.requests()).hasSize(1);
  }
}
