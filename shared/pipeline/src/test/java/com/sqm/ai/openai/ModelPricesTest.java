package com.sqm.ai.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sqm.model.TokenUsage;
import org.junit.jupiter.api.Test;

class ModelPricesTest {

  @Test
  void shouldPriceInputAndOutputTokensApart_whenModelIsListed() {
    TokenUsage usage = ModelPrices.DEFAULTS.usage("gpt-4o", 2_000_000, 500_000);

    assertThat(usage.promptTokens()).isEqualTo(2_000_000);
    assertThat(usage.completionTokens()).isEqualTo(500_000);
    assertThat(usage.estimatedCostUsd()).isCloseTo(2 * 2.50 + 0.5 * 10.00, within(1e-9));
  }

  @Test
  void shouldUseLongestListedPrefix_whenModelNameIsDated() {
    assertThat(ModelPrices.DEFAULTS.priceOf("gpt-4o-mini-2024-07-18"))
        .isEqualTo(ModelPrices.DEFAULTS.priceOf("gpt-4o-mini"));
    assertThat(ModelPrices.DEFAULTS.priceOf("gpt-4o-2024-08-06"))
        .isEqualTo(ModelPrices.DEFAULTS.priceOf("gpt-4o"));
  }

  @Test
  void shouldCostNothing_whenModelIsUnknown() {
    assertThat(ModelPrices.DEFAULTS.usage("my-local-llm", 1_000, 1_000).estimatedCostUsd())
        .isZero();
  }

  @Test
  void shouldReplaceAndAddEntries_whenOverridden() {
    ModelPrices prices = ModelPrices.withOverrides("gpt-4o-mini=1/2; custom-model = 0.5/0.25");

    assertThat(prices.priceOf("gpt-4o-mini")).isEqualTo(new ModelPrices.Price(1, 2));
    assertThat(prices.priceOf("Custom-Model")).isEqualTo(new ModelPrices.Price(0.5, 0.25));
    assertThat(prices.priceOf("gpt-4o")).isEqualTo(ModelPrices.DEFAULTS.priceOf("gpt-4o"));
  }

  @Test
  void shouldExplainFormat_whenOverrideIsMalformed() {
    assertThatThrownBy(() -> ModelPrices.withOverrides("gpt-4o-mini=0.15"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model=input/output");
    assertThatThrownBy(() -> ModelPrices.withOverrides("gpt-4o-mini=cheap/0.6"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a number");
  }
}
