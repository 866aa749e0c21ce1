package com.sqm.ai.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {
  @Test
  void shouldFoldPluralsAndEndings_whenWordsDifferOnlyInForm() {
    assertThat(Tokens.of("categories")).isEqualTo(Tokens.of("category"));
    assertThat(Tokens.of("boxes")).isEqualTo(Tokens.of("box"));
    assertThat(Tokens.of("orders")).isEqualTo(Tokens.of("ordered"));
    assertThat(Tokens.of("prices")).isEqualTo(Tokens.of("priced"));
    assertThat(Tokens.of("status")).containsExactly("status");
  }

  @Test
  void shouldSplitIdentifiersAndDropGrammarWords_whenTokenising() {
    assertThat(Tokens.of("orderDate")).isEqualTo(Tokens.of("order_date"));
    assertThat(Tokens.of("How many of the customers are in Germany?"))
        .containsExactly("customer", "germany");
  }
}
