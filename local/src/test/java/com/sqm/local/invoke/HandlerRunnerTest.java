package com.sqm.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerRunnerTest {
  @TempDir Path dir;

  /** Echoes the event's source and detail-type, as the Lambda runtime deserialized them. */
  public static final class EchoHandler
      implements RequestHandler<ScheduledEvent, Map<String, String>> {
    @Override
    public Map<String, String> handleRequest(ScheduledEvent event, Context context) {
      return Map.of(
          "source", event.getSource(),
          "detailType", event.getDetailType(),
          "function", context.getFunctionName());
    }
  }

  /** Always throws. */
  public static final class FailingHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
      throw new IllegalStateException("boom");
    }
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Class<?> handler, Path event) {
    return HandlerRunner.run(
        new String[] {handler.getName(), "handleRequest", event.toString(), "Fn", "30"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void shouldPrintTheResponse_whenTheHandlerAnswers() throws IOException {
    // Arrange
    Path event = dir.resolve("event.json");
    Files.writeString(
        event,
        "{\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\", \"detail\": {}}");

    // Act
    int code = run(EchoHandler.class, event);

    // Assert
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"source\":\"aws.events\"", "\"detailType\":\"Scheduled Event\"", "\"Fn\"");
  }

  @Test
  void shouldExitOne_whenTheHandlerThrows() throws IOException {
    Path event = dir.resolve("event.json");
    Files.writeString(event, "{}");

    int code = run(FailingHandler.class, event);

    assertThat(code).isEqualTo(HandlerRunner.HANDLER_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("the handler threw", "boom");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void shouldExitTwo_whenTheEventIsNotJson() throws IOException {
    Path event = dir.resolve("event.json");
    Files.writeString(event, "not json");

    int code = run(FailingHandler.class, event);

    assertThat(code).isEqualTo(HandlerRunner.NOT_RUN);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not load");
  }

  @Test
  void shouldExitTwo_whenTheHandlerClassDoesNotExist() throws IOException {
    Path event = dir.resolve("event.json");
    Files.writeString(event, "{}");

    int code =
        HandlerRunner.run(
            new String[] {"com.example.Missing", "handleRequest", event.toString(), "Fn", "30"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(HandlerRunner.NOT_RUN);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("com.example.Missing");
  }
}
