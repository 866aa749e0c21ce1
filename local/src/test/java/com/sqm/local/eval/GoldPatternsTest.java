package com.sqm.local.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoldPatternsTest {
  @Test
  void shouldReturnQueryUnchanged_whenPatternHasNoAlternativesOrGroups() {
    List<String> queries = GoldPatterns.expand("SELECT count(*) FROM t;");

    assertThat(queries).containsExactly("SELECT count(*) FROM t");
  }

  @Test
  void shouldSplitAlternatives_whenSemicolonsSeparateQueries() {
    List<String> queries =
        GoldPatterns.expand("SELECT a FROM t; SELECT b FROM t ;\n;SELECT a FROM t;");

    assertThat(queries).containsExactly("SELECT a FROM t", "SELECT b FROM t");
  }

  @Test
  void shouldKeepSemicolonsAndBraces_whenTheyAreQuoted() {
    List<String> queries =
        GoldPatterns.expand("SELECT a FROM t WHERE b = 'x;{y}' AND \"c;d\" = 1; SELECT 2");

    assertThat(queries)
        .containsExactly("SELECT a FROM t WHERE b = 'x;{y}' AND \"c;d\" = 1", "SELECT 2");
  }

  @Test
  void shouldExpandEveryNonEmptySubset_whenSelectListHasColumnGroup() {
    List<String> queries = GoldPatterns.expand("SELECT {t.a, t.b, t.c}, sum(x) FROM t");

    assertThat(queries)
        .containsExactly(
            "SELECT t.a, sum(x) FROM t",
            "SELECT t.b, sum(x) FROM t",
            "SELECT t.c, sum(x) FROM t",
            "SELECT t.a, t.b, sum(x) FROM t",
            "SELECT t.a, t.c, sum(x) FROM t",
            "SELECT t.b, t.c, sum(x) FROM t",
            "SELECT t.a, t.b, t.c, sum(x) FROM t");
  }

  @Test
  void shouldRepeatTheSameChoice_whenGroupByHasEmptyBraces() {
    List<String> queries =
        GoldPatterns.expand("SELECT {t.a, t.b}, count(*) FROM t GROUP BY {} ORDER BY 2");

    assertThat(queries)
        .containsExactly(
            "SELECT t.a, count(*) FROM t GROUP BY t.a ORDER BY 2",
            "SELECT t.b, count(*) FROM t GROUP BY t.b ORDER BY 2",
            "SELECT t.a, t.b, count(*) FROM t GROUP BY t.a, t.b ORDER BY 2");
  }

  @Test
  void shouldExpandEachAlternativeOnItsOwn_whenAlternativesHaveGroups() {
    List<String> queries =
        GoldPatterns.expand("SELECT {a, b} FROM t GROUP BY {};SELECT {c, d} AS x FROM u");

    assertThat(queries)
        .containsExactly(
            "SELECT a FROM t GROUP BY a",
            "SELECT b FROM t GROUP BY b",
            "SELECT a, b FROM t GROUP BY a, b",
            "SELECT c AS x FROM u",
            "SELECT d AS x FROM u",
            "SELECT c, d AS x FROM u");
  }

  @Test
  void shouldRefusePattern_whenEmptyBracesHaveNoGroupBefore() {
    assertThatThrownBy(() -> GoldPatterns.expand("SELECT a FROM t GROUP BY {}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{}");
  }

  @Test
  void shouldRefusePattern_whenBraceIsNotClosed() {
    assertThatThrownBy(() -> GoldPatterns.expand("SELECT {a, b FROM t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed");
  }
}
