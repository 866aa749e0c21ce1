package com.sqm.ai.openai;

import com.sqm.ai.context.ContextBuilder;
import com.sqm.secret.SecretReference;
import com.sqm.secret.SecretStores;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the model engine reaches its model: API key, base URL of any OpenAI-compatible server (null:
 * the SDK's default, api.openai.com), the model for SQL and the one for interpretation, per-attempt
 * timeout, retries, prices and the context budget. The key never appears in {@link #toString()}.
 */
public record OpenAiSettings(
    String apiKey,
    String baseUrl,
    String sqlModel,
    String interpretModel,
    Duration timeout,
    int maxRetries,
    ModelPrices prices,
    int schemaTokenBudget,
    int maxExamples) {

  public static final String DEFAULT_MODEL = "gpt-4o-mini";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RETRIES = 2;

  public OpenAiSettings {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalStateException(
          "missing required setting OPENAI_API_KEY (any value for a server that needs none)");
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalStateException("the model timeout must be positive");
    }
    if (maxRetries < 0) {
      throw new IllegalStateException("SQM_MODEL_MAX_RETRIES must not be negative");
    }
    prices = prices == null ? ModelPrices.DEFAULTS : prices;
  }

  /**
   * Reads {@code OPENAI_API_KEY} (required), {@code OPENAI_BASE_URL}, {@code SQM_MODEL} (default
   * gpt-4o-mini), {@code SQM_MODEL_SQL} and {@code SQM_MODEL_INTERPRET} (default: SQM_MODEL),
   * {@code SQM_MODEL_TIMEOUT_SECONDS} (30), {@code SQM_MODEL_MAX_RETRIES} (2), {@code
   * SQM_MODEL_PRICES} (see {@link ModelPrices#withOverrides}), {@code SQM_MODEL_SCHEMA_TOKENS}
   * (6000) and {@code SQM_MODEL_EXAMPLES} (5). {@code OPENAI_API_KEY} may be {@code
   * secret:NAME-OR-ARN}, read from the secret store of {@link SecretStores#fromEnvironment}. A
   * malformed value, or a secret that cannot be read, is an {@link IllegalStateException} naming
   * the variable.
   */
  public static OpenAiSettings fromEnv(Function<String, String> env) {
    String model = orDefault(env, "SQM_MODEL", DEFAULT_MODEL);
    return new OpenAiSettings(
        apiKey(env),
        blankToNull(env.apply("OPENAI_BASE_URL")),
        orDefault(env, "SQM_MODEL_SQL", model),
        orDefault(env, "SQM_MODEL_INTERPRET", model),
        Duration.ofSeconds(
            number(env, "SQM_MODEL_TIMEOUT_SECONDS", DEFAULT_TIMEOUT.toSeconds(), 1)),
        (int) number(env, "SQM_MODEL_MAX_RETRIES", DEFAULT_MAX_RETRIES, 0),
        ModelPrices.withOverrides(env.apply("SQM_MODEL_PRICES")),
        (int) number(env, "SQM_MODEL_SCHEMA_TOKENS", ContextBuilder.DEFAULT_SCHEMA_TOKENS, 500),
        (int) number(env, "SQM_MODEL_EXAMPLES", ContextBuilder.DEFAULT_EXAMPLES, 0));
  }

  /** Settings for tests and callers that build them in code: the default prices and budget. */
  public static OpenAiSettings of(
      String apiKey, String baseUrl, String model, Duration timeout, int maxRetries) {
    return new OpenAiSettings(
        apiKey,
        baseUrl,
        model,
        model,
        timeout,
        maxRetries,
        ModelPrices.DEFAULTS,
        ContextBuilder.DEFAULT_SCHEMA_TOKENS,
        ContextBuilder.DEFAULT_EXAMPLES);
  }

  /** The key itself, or the secret {@code secret:NAME-OR-ARN} names; null when unset. */
  private static String apiKey(Function<String, String> env) {
    return SecretReference.resolve(
            "OPENAI_API_KEY",
            Optional.ofNullable(blankToNull(env.apply("OPENAI_API_KEY"))),
            () -> SecretStores.fromEnvironment(env))
        .map(OpenAiSettings::blankToNull)
        .orElse(null);
  }

  private static long number(Function<String, String> env, String name, long fallback, long min) {
    String value = blankToNull(env.apply(name));
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n < min || n > Integer.MAX_VALUE) {
        throw new NumberFormatException(value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a whole number of at least " + min, e);
    }
  }

  private static String orDefault(Function<String, String> env, String name, String fallback) {
    String value = blankToNull(env.apply(name));
    return value == null ? fallback : value;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public String toString() {
    return "OpenAiSettings[apiKey=****, baseUrl="
        + (baseUrl == null ? "(default)" : baseUrl.replaceAll("//[^/@]*@", "//****@"))
        + ", sqlModel="
        + sqlModel
        + ", interpretModel="
        + interpretModel
        + ", timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + ", schemaTokenBudget="
        + schemaTokenBudget
        + ", maxExamples="
        + maxExamples
        + "]";
  }
}
