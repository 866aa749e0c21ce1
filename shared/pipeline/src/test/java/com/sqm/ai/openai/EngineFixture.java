package com.sqm.ai.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.ai.QuestionContext;
import com.sqm.ai.context.SchemaFixtures;
import com.sqm.model.DataSourceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A started wire-format stub and the engines a test points at it; closing ends them all. */
final class EngineFixture implements AutoCloseable {
  static final DataSourceConfig SHOP =
      new DataSourceConfig("shop", "Shop", null, "env:X", List.of("public"), true, null);

  final OpenAiStub stub = OpenAiStub.start();
  private final List<OpenAiQueryEngine> engines = new ArrayList<>();

  OpenAiQueryEngine engine(OpenAiSettings settings) {
    OpenAiQueryEngine engine = new OpenAiQueryEngine(settings);
    engines.add(engine);
    return engine;
  }

  OpenAiQueryEngine engine(Duration timeout, int maxRetries) {
    return engine(
        OpenAiSettings.of("sk-test-secret", stub.baseUrl(), "gpt-4o-mini", timeout, maxRetries));
  }

  /** Generous timeout, no retries. */
  OpenAiQueryEngine engine() {
    return engine(Duration.ofSeconds(5), 0);
  }

  /** A question about the shop fixture schema, without examples. */
  static QuestionContext question(String question) {
    return new QuestionContext(question, SHOP, SchemaFixtures.shop(), List.of());
  }

  /** The text between the first {@code open} and the {@code close} after it. */
  static String between(String text, String open, String close) {
    int start = text.indexOf(open);
    int end = text.indexOf(close, start);
    assertThat(start).as(open).isNotNegative();
    assertThat(end).as(close).isGreaterThan(start);
    return text.substring(start + open.length(), end);
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Override
  public void close() {
    engines.forEach(OpenAiQueryEngine::close);
    stub.close();
  }
}
