package com.sqm.ai;

import com.sqm.ai.QueryPlan.PatternFilter;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Days of the week as a filter on a date column: "on weekends", "during weekdays", "on Mondays and
 * Wednesdays". Only after a preposition, and only for words no sample value took (a table of day
 * names is matched as values instead).
 */
final class DaysOfWeek {
  private static final Set<String> PREPOSITIONS = Set.of("on", "during", "over", "at");
  private static final Set<String> FILLER = Set.of("the", "a", "and", "or");
  // ISO day numbers (Monday 1 .. Sunday 7), as EXTRACT(ISODOW ...) gives them.
  private static final Map<String, List<Integer>> DAYS =
      Map.ofEntries(
          Map.entry("weekend", List.of(6, 7)),
          Map.entry("weekday", List.of(1, 2, 3, 4, 5)),
          Map.entry("monday", List.of(1)),
          Map.entry("tuesday", List.of(2)),
          Map.entry("wednesday", List.of(3)),
          Map.entry("thursday", List.of(4)),
          Map.entry("friday", List.of(5)),
          Map.entry("saturday", List.of(6)),
          Map.entry("sunday", List.of(7)));

  /** The days asked for and how the question said them. */
  record Days(Set<Integer> isoDays, String description) {}

  private final SchemaVocabulary vocab;
  private final QuestionTokens q;
  private Days days;

  DaysOfWeek(SchemaVocabulary vocab, QuestionTokens q) {
    this.vocab = vocab;
    this.q = q;
  }

  /** Finds the days named after a preposition, consuming the phrase. */
  DaysOfWeek find() {
    days = days();
    return this;
  }

  private Days days() {
    for (int i = 0; i + 1 < q.size(); i++) {
      if (q.used(i) || !PREPOSITIONS.contains(q.word(i))) {
        continue;
      }
      Set<Integer> days = new TreeSet<>();
      List<String> said = new ArrayList<>();
      int j = i + 1;
      int end = i;
      while (j < q.size() && !q.used(j)) {
        List<Integer> d = DAYS.get(day(j));
        if (d != null && namesColumn(q.stem(j))) {
          // A column per day ("thursday" = has a class on Thursdays) is the data, not a date.
          break;
        }
        if (d != null) {
          days.addAll(d);
          said.add(q.word(j));
          end = j;
        } else if (!FILLER.contains(q.word(j))) {
          break;
        }
        j++;
      }
      if (!days.isEmpty()) {
        q.mark(i, end);
        return new Days(days, "on " + String.join(" or ", said));
      }
    }
    return null;
  }

  /**
   * The filter of {@code days} on {@code date}, which must be a date of the rows counted or added
   * up: "books borrowed on weekends" would count loans, not books.
   */
  List<PatternFilter> filters(
      ColumnInfo dateColumn, SchemaVocabulary.TableInfo rows, DateColumns dates) {
    return days == null
        ? List.of()
        : List.of(filter(days, dateColumn != null ? dateColumn : dates.dateColumn(rows), rows));
  }

  private static PatternFilter filter(Days days, ColumnInfo date, SchemaVocabulary.TableInfo rows) {
    if (date.table != rows) {
      throw QueryPlanner.notAnswerable(
          "Could not tell which date of "
              + rows.name()
              + " should fall "
              + days.description()
              + ": it has no date column of its own.");
    }
    String in = String.join(", ", days.isoDays().stream().map(String::valueOf).toList());
    return PatternFilter.condition(
        date, "EXTRACT(ISODOW FROM {col}) IN (" + in + ")", days.description());
  }

  private boolean namesColumn(String stem) {
    return vocab.columns.stream().anyMatch(c -> c.nameStems.contains(stem));
  }

  private String day(int i) {
    String w = q.word(i);
    return w.endsWith("s") ? w.substring(0, w.length() - 1) : w;
  }
}
