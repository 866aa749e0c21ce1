package com.sqm.local.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowOrderTest {
  @ParameterizedTest(name = "{0} | {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "List the names, sorted by age | SELECT name FROM p ORDER BY age | true",
        "What are the top 3 cities by sales? | SELECT city FROM s GROUP BY 1 ORDER BY sum(x) DESC LIMIT 3 | true",
        "Totals per month, ordered from highest to lowest | SELECT m, sum(x) FROM s GROUP BY 1 ORDER BY 2 DESC | true",
        "Which names are there in ascending order? | SELECT name FROM p order\t by name | true",
        "How many sales per city? | SELECT city, count(*) FROM s GROUP BY 1 ORDER BY 2 DESC | false",
        "List the names, sorted by age | SELECT name FROM p | false",
        "Rank salespeople, top first | SELECT id, rank() OVER (ORDER BY x) FROM p | false",
        "Top customers | SELECT * FROM (SELECT id FROM c ORDER BY x LIMIT 5) t | false",
        "Top customers | SELECT id FROM c WHERE note = 'order by' | false",
        "Top customers | SELECT border_by FROM c | false",
      })
  void shouldTellWhetherOrderMatters_whenQuestionAndGoldQueryGiven(
      String question, String goldSql, boolean expected) {
    boolean matters = RowOrder.matters(question, goldSql);

    assertThat(matters).isEqualTo(expected);
  }
}
