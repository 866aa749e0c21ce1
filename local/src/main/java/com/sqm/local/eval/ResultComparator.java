package com.sqm.local.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a generated result answers like the gold one, as data: every gold column must be
 * matched by a distinct generated column (by values, not by name; extra generated columns are
 * allowed), and the rows projected on the matched columns must equal the gold rows as a multiset
 * (duplicates count), or as a sequence when order matters. Values compare as {@link ResultValues}
 * says.
 */
public final class ResultComparator {
  /** Column assignments tried at most, so a wide result of look-alike columns stays cheap. */
  static final int MAX_ASSIGNMENTS = 10_000;

  /** Rows up to which an unordered comparison may fall back to pairwise matching. */
  static final int MAX_PAIRWISE_ROWS = 5_000;

  /** Whether {@code generated} answers like {@code gold}; {@code ordered}: row order counts. */
  public boolean matches(ResultTable gold, ResultTable generated, boolean ordered) {
    if (generated.width() < gold.width() || generated.rows().size() != gold.rows().size()) {
      return false;
    }
    List<List<Object>> goldRows = canonical(gold.rows());
    List<List<Object>> generatedRows = canonical(generated.rows());
    List<List<Integer>> candidates = new ArrayList<>();
    for (int g = 0; g < gold.width(); g++) {
      List<Object> goldColumn = sortedColumn(goldRows, g);
      List<Integer> matching = new ArrayList<>();
      for (int c = 0; c < generated.width(); c++) {
        if (sameRow(goldColumn, sortedColumn(generatedRows, c))) {
          matching.add(c);
        }
      }
      if (matching.isEmpty()) {
        return false;
      }
      candidates.add(matching);
    }
    return assign(
        candidates,
        0,
        new int[gold.width()],
        new boolean[generated.width()],
        new int[] {0},
        goldRows,
        generatedRows,
        ordered);
  }

  private boolean assign(
      List<List<Integer>> candidates,
      int goldColumn,
      int[] assignment,
      boolean[] used,
      int[] tried,
      List<List<Object>> goldRows,
      List<List<Object>> generatedRows,
      boolean ordered) {
    if (goldColumn == candidates.size()) {
      tried[0]++;
      return sameRows(goldRows, project(generatedRows, assignment), ordered);
    }
    for (int c : candidates.get(goldColumn)) {
      if (used[c] || tried[0] >= MAX_ASSIGNMENTS) {
        continue;
      }
      used[c] = true;
      assignment[goldColumn] = c;
      boolean found =
          assign(
              candidates,
              goldColumn + 1,
              assignment,
              used,
              tried,
              goldRows,
              generatedRows,
              ordered);
      used[c] = false;
      if (found) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameRows(
      List<List<Object>> gold, List<List<Object>> generated, boolean ordered) {
    if (ordered) {
      return pairwise(gold, generated);
    }
    if (pairwise(sorted(gold), sorted(generated))) {
      return true;
    }
    // Sorting can part rows that are equal only within the float tolerance; match them one by one.
    return gold.size() <= MAX_PAIRWISE_ROWS && matchedOneByOne(gold, generated);
  }

  private static boolean pairwise(List<List<Object>> a, List<List<Object>> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!sameRow(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean matchedOneByOne(List<List<Object>> gold, List<List<Object>> generated) {
    boolean[] taken = new boolean[generated.size()];
    for (List<Object> row : gold) {
      boolean found = false;
      for (int i = 0; i < generated.size() && !found; i++) {
        if (!taken[i] && sameRow(row, generated.get(i))) {
          taken[i] = true;
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /** Whether two equally long value lists (rows, or sorted columns) are equal value by value. */
  private static boolean sameRow(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!ResultValues.same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<List<Object>> canonical(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      List<Object> values = new ArrayList<>(row.size());
      row.forEach(v -> values.add(ResultValues.canonical(v)));
      out.add(values);
    }
    return out;
  }

  private static List<Object> sortedColumn(List<List<Object>> rows, int column) {
    List<Object> values = new ArrayList<>(rows.size());
    rows.forEach(r -> values.add(r.get(column)));
    values.sort(ResultValues.ORDER);
    return values;
  }

  private static List<List<Object>> project(List<List<Object>> rows, int[] columns) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      List<Object> values = new ArrayList<>(columns.length);
      for (int c : columns) {
        values.add(row.get(c));
      }
      out.add(values);
    }
    return out;
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(
        (a, b) -> {
          for (int i = 0; i < a.size(); i++) {
            int c = ResultValues.ORDER.compare(a.get(i), b.get(i));
            if (c != 0) {
              return c;
            }
          }
          return 0;
        });
    return copy;
  }
}
