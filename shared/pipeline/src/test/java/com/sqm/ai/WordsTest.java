package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordsTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "categories, category",
    "statuses, status",
    "addresses, address",
    "ids, id",
    "orders, order",
    "status, status",
    "bus, bus"
  })
  void shouldMeetTheSingular_whenAWordIsPlural(String word, String stem) {
    assertThat(Words.stem(word)).isEqualTo(stem);
  }

  @org.junit.jupiter.api.Test
  void shouldOfferTheVerb_whenAWordIsAGerundOrParticiple() {
    assertThat(Words.baseForms("closing")).contains("close");
    assertThat(Words.baseForms("shipped")).contains("ship");
    assertThat(Words.baseForms("price")).isEmpty();
  }
}
