package com.sqm.local.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * An evaluation dataset: its folder ({@code databases/<db>/<db>.sql|.json}, {@code data/*.csv}) and
 * the questions read from it, in file order.
 */
public record EvalDataset(Path root, List<EvalQuestion> questions) {
  public EvalDataset {
    questions = List.copyOf(questions);
  }

  /** The folder of database {@code name}: {@code <name>.sql} and {@code <name>.json}. */
  public Path databaseDir(String name) {
    return root.resolve("databases").resolve(name);
  }

  /** The databases the questions are about, in order of first appearance. */
  public List<String> databases() {
    return questions.stream().map(EvalQuestion::database).distinct().toList();
  }
}
