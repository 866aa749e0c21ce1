package com.sqm.local.eval;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How one question went: answered right or wrong, answered with SQL that failed, or declined. */
public enum Verdict {
  CORRECT,
  WRONG,
  /** SQL was written but did not run (rejected, too expensive, database error): answered, wrong. */
  FAILED,
  /** No SQL: the engine said the question is not answerable, or failed before writing any. */
  DECLINED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean answered() {
    return this != DECLINED;
  }
}
