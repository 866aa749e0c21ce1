package com.sqm.pipeline;

import com.sqm.ai.OfflineQueryEngine;
import com.sqm.ai.QueryEngine;
import com.sqm.ai.openai.OpenAiQueryEngine;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the engines from configuration: {@code SQM_ENGINE} = {@code auto} (the model when {@code
 * OPENAI_API_KEY} is set, else offline), {@code openai} or {@code offline}; {@code
 * SQM_ENGINE_FALLBACK} = {@code offline} answers offline while the model is unreachable, {@code
 * none} (the default) fails such questions with MODEL_UNAVAILABLE.
 */
public final class EngineFactory {
  private EngineFactory() {}

  public static EngineChoice choose(String mode, Function<String, String> env) {
    String chosen = mode == null || mode.isBlank() ? "auto" : mode.strip().toLowerCase(Locale.ROOT);
    String fallback = Optional.ofNullable(env.apply("SQM_ENGINE_FALLBACK")).orElse("none");
    return switch (chosen) {
      case "offline" -> EngineChoice.of(new OfflineQueryEngine());
      case "openai" -> new EngineChoice(openAi(env), fallback(fallback));
      case "auto" ->
          isBlank(env.apply("OPENAI_API_KEY"))
              ? EngineChoice.of(new OfflineQueryEngine())
              : new EngineChoice(openAi(env), fallback(fallback));
      default ->
          throw new IllegalStateException(
              "unknown SQM_ENGINE '" + mode + "': choose auto, openai or offline");
    };
  }

  private static Optional<QueryEngine> fallback(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "offline" -> Optional.of(new OfflineQueryEngine());
      case "none", "" -> Optional.empty();
      default ->
          throw new IllegalStateException(
              "unknown SQM_ENGINE_FALLBACK '" + name + "': choose offline or none");
    };
  }

  private static QueryEngine openAi(Function<String, String> env) {
    return OpenAiQueryEngine.fromEnv(env);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
