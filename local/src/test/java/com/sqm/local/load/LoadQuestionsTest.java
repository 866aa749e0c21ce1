package com.sqm.local.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LoadQuestionsTest {
  @Test
  void shouldVaryTheQuestions_whenManyAreAsked() {
    Set<String> first100 = new HashSet<>();
    IntStream.range(0, 100).forEach(i -> first100.add(LoadQuestions.question(i)));

    assertThat(first100).hasSizeGreaterThan(40);
    assertThat(LoadQuestions.question(1)).isEqualTo("how many customers in Germany");
    assertThat(LoadQuestions.question(14)).isEqualTo("how many customers in France");
    assertThat(LoadQuestions.question(2)).isEqualTo("top 3 products by revenue");
    assertThat(LoadQuestions.question(15)).isEqualTo("top 4 products by revenue");
  }
}
