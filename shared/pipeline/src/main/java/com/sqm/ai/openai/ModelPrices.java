package com.sqm.ai.openai;

import com.sqm.model.TokenUsage;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * USD prices per million input and output tokens by model name, to estimate what a call cost. A
 * dated model name ("gpt-4o-mini-2024-07-18") takes the price of its longest listed prefix; a model
 * that is not listed costs 0, so an estimate of 0 for a model-backed query means "unknown price",
 * not "free". Cached prompt tokens are priced like the others, so the estimate is an upper bound.
 * {@code SQM_MODEL_PRICES} adds or replaces entries.
 */
public record ModelPrices(Map<String, Price> byModel) {

  /** USD per million prompt (input) and completion (output) tokens. */
  public record Price(double inputPerMillion, double outputPerMillion) {}

  /** OpenAI list prices (standard tier) when this was written; override as they change. */
  public static final ModelPrices DEFAULTS =
      new ModelPrices(
          Map.ofEntries(
              Map.entry("gpt-4o-mini", new Price(0.15, 0.60)),
              Map.entry("gpt-4o", new Price(2.50, 10.00)),
              Map.entry("gpt-4.1", new Price(2.00, 8.00)),
              Map.entry("gpt-4.1-mini", new Price(0.40, 1.60)),
              Map.entry("gpt-4.1-nano", new Price(0.10, 0.40)),
              Map.entry("o3-mini", new Price(1.10, 4.40)),
              Map.entry("o4-mini", new Price(1.10, 4.40)),
              Map.entry("gpt-5", new Price(1.25, 10.00)),
              Map.entry("gpt-5-mini", new Price(0.25, 2.00)),
              Map.entry("gpt-5-nano", new Price(0.05, 0.40))));

  public ModelPrices {
    Map<String, Price> copy = new LinkedHashMap<>();
    byModel.forEach((model, price) -> copy.put(model.toLowerCase(Locale.ROOT), price));
    byModel = Map.copyOf(copy);
  }

  /**
   * The defaults with {@code spec} laid over them: entries {@code model=input/output} separated by
   * commas or semicolons, e.g. {@code gpt-4o-mini=0.15/0.60;my-local-model=0/0}. Blank: defaults.
   */
  public static ModelPrices withOverrides(String spec) {
    if (spec == null || spec.isBlank()) {
      return DEFAULTS;
    }
    Map<String, Price> merged = new LinkedHashMap<>(DEFAULTS.byModel());
    for (String entry : spec.split("[,;]")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] modelAndPrices = entry.split("=", 2);
      String[] prices =
          modelAndPrices.length == 2 ? modelAndPrices[1].split("/", 2) : new String[0];
      if (prices.length != 2 || modelAndPrices[0].isBlank()) {
        throw new IllegalStateException(
            "SQM_MODEL_PRICES entry '"
                + entry.strip()
                + "' is not model=input/output (USD per million tokens)");
      }
      merged.put(
          modelAndPrices[0].strip(), new Price(number(prices[0], entry), number(prices[1], entry)));
    }
    return new ModelPrices(merged);
  }

  /** The usage of one call with its estimated cost; 0 USD when the model's price is unknown. */
  public TokenUsage usage(String model, long promptTokens, long completionTokens) {
    Price price = priceOf(model);
    double cost =
        price == null
            ? 0
            : (promptTokens * price.inputPerMillion() + completionTokens * price.outputPerMillion())
                / 1_000_000.0;
    return new TokenUsage(promptTokens, completionTokens, cost);
  }

  /** The listed price of {@code model} or of its longest listed prefix; null when none. */
  public Price priceOf(String model) {
    if (model == null) {
      return null;
    }
    String name = model.toLowerCase(Locale.ROOT);
    Price exact = byModel.get(name);
    if (exact != null) {
      return exact;
    }
    return byModel.entrySet().stream()
        .filter(e -> name.startsWith(e.getKey() + "-"))
        .max(Comparator.comparingInt(e -> e.getKey().length()))
        .map(Map.Entry::getValue)
        .orElse(null);
  }

  private static double number(String text, String entry) {
    try {
      double value = Double.parseDouble(text.strip());
      if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
        throw new NumberFormatException(text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "SQM_MODEL_PRICES entry '" + entry.strip() + "' has a price that is not a number >= 0",
          e);
    }
  }
}
