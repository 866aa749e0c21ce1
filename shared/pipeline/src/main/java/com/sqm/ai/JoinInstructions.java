package com.sqm.ai;

import com.sqm.ai.SchemaVocabulary.TableInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Instructions on how to join that a question may carry ("by doing a left join from the cars to
 * sales table", "based on joining the customers and sales tables"): their words are accounted for
 * when the plan joins exactly that way. A left join agrees only with rows that have no related row
 * ("cars that have no sales"); a plain join only with plans that keep matched rows.
 */
final class JoinInstructions {
  private static final Set<String> JOIN = Set.of("join", "joining", "joins");
  private static final Set<String> KIND = Set.of("left", "inner", "outer");
  private static final Set<String> LEAD =
      Set.of("by", "based", "on", "doing", "using", "with", "a", "an", "performing", "via");
  private static final Set<String> BETWEEN =
      Set.of("from", "to", "and", "the", "table", "tables", "with", "of", "between");

  private JoinInstructions() {}

  /** The indices of the join instruction's words, or none when it does not match the plan. */
  static Set<Integer> accounted(QuestionTokens q, QueryPlan plan, Set<TableInfo> joined) {
    Set<Integer> out = new LinkedHashSet<>();
    for (int i = 0; i < q.size(); i++) {
      if (!JOIN.contains(q.word(i)) || q.used(i)) {
        continue;
      }
      Set<Integer> words = new LinkedHashSet<>(List.of(i));
      boolean left = false;
      int j = i - 1;
      while (j >= 0 && (KIND.contains(q.word(j)) || LEAD.contains(q.word(j)))) {
        left |= q.is(j, "left") || q.is(j, "outer");
        words.add(j--);
      }
      int tables = 0;
      for (j = i + 1; j < q.size(); j++) {
        String stem = q.stem(j);
        if (joined.stream().anyMatch(t -> SchemaVocabulary.score(t, stem) >= 3)) {
          tables++;
        } else if (!BETWEEN.contains(q.word(j))) {
          break;
        }
        words.add(j);
      }
      if (tables > 0 && left == (plan.absent() != null)) {
        out.addAll(words);
      }
    }
    return out;
  }
}
