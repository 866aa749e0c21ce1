package com.sqm.ai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlossaryTest {
  @Test
  void shouldReadAnAcronymAsItsWords_whenInstructionsSpellItOut() {
    String question =
        Glossary.expand(
            "What is the ALF for each genre?", "ALF = Average Late Fee of the loans in a genre");

    assertThat(question).isEqualTo("What is the average late fee for each genre?");
  }

  @Test
  void shouldUseTheParenthesisedWords_whenTheDefinitionIsAFormula() {
    String question =
        Glossary.expand("ALF by genre", "ALF (average late fee) = SUM(late_fee) / COUNT(*)");

    assertThat(question).isEqualTo("average late fee by genre");
  }

  @Test
  void shouldLeaveTheAcronym_whenTheDefinitionDoesNotSpellIt() {
    String question = Glossary.expand("What is the GPM?", "GPM = (revenue - cost) / cost * 100");

    assertThat(question).isEqualTo("What is the GPM?");
  }

  @Test
  void shouldLeaveTheQuestion_whenThereAreNoInstructions() {
    assertThat(Glossary.expand("ALF by genre", null)).isEqualTo("ALF by genre");
  }
}
