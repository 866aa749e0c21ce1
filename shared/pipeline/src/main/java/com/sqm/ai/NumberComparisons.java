package com.sqm.ai;

import com.sqm.ai.QueryPlan.PatternFilter;
import com.sqm.ai.SchemaVocabulary.ColumnInfo;
import com.sqm.ai.SchemaVocabulary.Kind;
import com.sqm.ai.SchemaVocabulary.TableInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Number comparisons on a numeric column: "sale price over $30,000", "a rating of at least 4",
 * "between 10 and 20", "rating > 3". The column is the one the words just before the comparison
 * name; a comparison whose column cannot be told, or that counts rows ("at least 5 orders"), makes
 * the question declined rather than guessed.
 */
final class NumberComparisons {
  private static final String NUMBER =
      "(?:us)?[$\u20ac\u00a3]?\\s?(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?:\\s?(k|thousand|million)\\b)?";
  private static final Pattern COMPARISON =
      Pattern.compile(
          "(?i)(?<![a-z])(more than|greater than|higher than|larger than|bigger than|over|above"
              + "|exceeding|at least|no less than|less than|fewer than|lower than|smaller than"
              + "|under|below|at most|no more than|between|>=|<=|=>|=<|>|<)\\s*"
              + NUMBER
              + "(?:\\s*(?:and|to|-)\\s*"
              + NUMBER
              + ")?");
  private static final Set<String> CURRENCY =
      Set.of("dollar", "dollars", "usd", "euro", "euros", "eur", "pound", "pounds", "gbp");
  // Words between a column and its comparison: "a price of over", "whose rating is above".
  private static final Set<String> LINKS =
      Set.of(
          "of", "is", "was", "are", "were", "be", "been", "being", "with", "that", "which", "a",
          "an", "the", "has", "have", "had", "its", "their", "whose", "where", "having");

  /** A comparison found in the question: its words, the column words before it and the SQL. */
  record Comparison(List<Integer> columnTokens, int end, String condition, String description) {}

  private final SchemaVocabulary vocab;
  private final QuestionTokens q;
  private final List<Comparison> found = new ArrayList<>();

  NumberComparisons(SchemaVocabulary vocab, QuestionTokens q) {
    this.vocab = vocab;
    this.q = q;
  }

  /**
   * Finds the comparisons, consuming their words and the column words before them (so that no other
   * part of the planner takes "price" for the measure); the columns are resolved later by {@link
   * #resolve}.
   */
  NumberComparisons find() {
    List<Comparison> out = found;
    Matcher m = COMPARISON.matcher(q.text);
    while (m.find()) {
      int start = q.wordAt(m.start());
      int end = q.wordAt(m.end());
      String op = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      boolean between = op.equals("between");
      if (between != (m.group(4) != null) || anyUsed(start, end)) {
        // "between" needs two numbers; a range after any other word is not a comparison. Words
        // already taken (a time period) are not one either.
        continue;
      }
      BigDecimal low = number(m.group(2), m.group(3));
      BigDecimal high = between ? number(m.group(4), m.group(5)) : null;
      if (between && low.compareTo(high) > 0) {
        BigDecimal t = low;
        low = high;
        high = t;
      }
      if (q.text.substring(m.end()).matches("(?is)\\s*(%|percent\\b|per cent\\b).*")) {
        // Whether the column holds 20 or 0.2 for 20% cannot be told from its type.
        throw QueryPlanner.notAnswerable(
            "Could not compare with a percentage ('"
                + m.group().strip()
                + "%'): whether the data holds 20 or 0.2 for 20% is not known.");
      }
      int last = end;
      if (last < q.size() && CURRENCY.contains(q.word(last))) {
        last++;
      }
      if (last < q.size() && q.isContent(last) && namesTable(q.stem(last))) {
        throw QueryPlanner.notAnswerable(
            "Could not compare a count of "
                + q.word(last)
                + " with a number ('"
                + m.group().strip()
                + "'): ask for the count per row instead.");
      }
      List<Integer> columnTokens = columnWords(start);
      q.mark(start, last - 1);
      columnTokens.forEach(q::mark);
      out.add(
          new Comparison(columnTokens, start, condition(op, low, high), describe(op, low, high)));
    }
    return this;
  }

  /**
   * The filters of the comparisons: each on the numeric column of the subject or a table next to it
   * that its words name best.
   */
  List<PatternFilter> resolve(TableInfo subject) {
    List<PatternFilter> out = new ArrayList<>();
    for (Comparison c : found) {
      List<Integer> words = c.columnTokens();
      ColumnInfo column = null;
      // The words nearest the comparison first: "positive reviews (rating > 3)" is on rating.
      int from = words.size() - 1;
      for (; from >= 0; from--) {
        ColumnInfo found = column(words.subList(from, words.size()), subject);
        if (found == null) {
          break;
        }
        column = found;
      }
      if (column == null) {
        throw QueryPlanner.notAnswerable(
            "Could not tell which number should be "
                + c.description()
                + (words.isEmpty()
                    ? ": name the column before the comparison."
                    : ": '" + q.word(words.get(words.size() - 1)) + "' is not a numeric column."));
      }
      // Words before the column's own were held for it; they go back to the rest of the question.
      words.subList(0, from + 1).forEach(q::unmark);
      out.add(PatternFilter.condition(column, c.condition(), c.description()));
    }
    return out;
  }

  /** The numeric column of the subject or a table next to it that all the words name; or null. */
  private ColumnInfo column(List<Integer> words, TableInfo subject) {
    ColumnInfo column = null;
    double best = 0;
    for (ColumnInfo col : vocab.columns) {
      int d = subject == null ? -1 : vocab.distance(subject, col.table);
      if (col.kind != Kind.NUMBER || col.key || d < 0 || d > 1) {
        continue;
      }
      double s = 0;
      boolean all = true;
      for (int i : words) {
        double w = SchemaVocabulary.score(col, q.stem(i));
        double t = SchemaVocabulary.score(col.table, q.stem(i)) >= 2 ? 0.5 : 0;
        all &= w > 0 || t > 0;
        s += w + t;
      }
      s -= d;
      if (all && s >= 1.5 && s > best) {
        column = col;
        best = s;
      }
    }
    return column;
  }

  /** Up to three content words just before the comparison, skipping linking words. */
  private List<Integer> columnWords(int start) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = start - 1; i >= 0 && tokens.size() < 3; i--) {
      if (q.used(i)) {
        break;
      }
      String w = q.word(i);
      if (LINKS.contains(w) || Words.STOP_WORDS.contains(w)) {
        if (tokens.isEmpty()) {
          continue;
        }
        break;
      }
      tokens.add(0, i);
    }
    // Only words that end in a numeric column's name are held for it: "loans over 30" names none.
    boolean names =
        !tokens.isEmpty()
            && vocab.columns.stream()
                .anyMatch(
                    c ->
                        c.kind == Kind.NUMBER
                            && !c.key
                            && SchemaVocabulary.score(c, q.stem(tokens.get(tokens.size() - 1)))
                                > 0);
    return names ? tokens : new ArrayList<>();
  }

  private boolean anyUsed(int from, int to) {
    for (int i = from; i < to; i++) {
      if (q.used(i)) {
        return true;
      }
    }
    return false;
  }

  private boolean namesTable(String stem) {
    return vocab.tables.stream()
        .anyMatch(t -> SchemaVocabulary.score(t, stem) >= SchemaResolver.MIN_NAME_SCORE);
  }

  private static BigDecimal number(String digits, String scale) {
    BigDecimal n = new BigDecimal(digits.replace(",", ""));
    if (scale == null) {
      return n;
    }
    return switch (scale.toLowerCase(Locale.ROOT)) {
      case "k", "thousand" -> n.multiply(BigDecimal.valueOf(1_000));
      default -> n.multiply(BigDecimal.valueOf(1_000_000));
    };
  }

  private static String condition(String op, BigDecimal low, BigDecimal high) {
    String n = low.toPlainString();
    return switch (op) {
      case "between" -> "{col} BETWEEN " + n + " AND " + high.toPlainString();
      case "at least", "no less than", ">=", "=>" -> "{col} >= " + n;
      case "at most", "no more than", "<=", "=<" -> "{col} <= " + n;
      case "less than", "fewer than", "lower than", "smaller than", "under", "below", "<" ->
          "{col} < " + n;
      default -> "{col} > " + n;
    };
  }

  private static String describe(String op, BigDecimal low, BigDecimal high) {
    String n = low.toPlainString();
    return switch (op) {
      case "between" -> "between " + n + " and " + high.toPlainString();
      case ">" -> "over " + n;
      case "<" -> "under " + n;
      case ">=", "=>" -> "at least " + n;
      case "<=", "=<" -> "at most " + n;
      default -> op + " " + n;
    };
  }
}
