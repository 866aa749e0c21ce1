package com.sqm.pipeline;

import com.sqm.ai.Interpretation;
import com.sqm.ai.SqlDraft;
import com.sqm.model.DataResult;
import com.sqm.model.SqlAttempt;
import java.util.List;

/**
 * Where an earlier attempt at a question got to, so a retry resumes at the stage that failed and
 * never repeats a finished stage's model call: the engine that wrote the SQL, the latest draft and
 * how many drafts there were, the SQL attempts that failed because of their SQL, the rows once they
 * ran, and the engine's interpretation once it was made.
 */
public record Checkpoint(
    String engine,
    SqlDraft draft,
    int drafts,
    List<SqlAttempt> attempts,
    DataResult result,
    Interpretation interpretation) {

  /** A question not started yet. */
  public static final Checkpoint NONE = new Checkpoint(null, null, 0, List.of(), null, null);

  public Checkpoint {
    attempts = List.copyOf(attempts);
  }

  /**
   * Whether the latest draft already ran and failed because of its SQL (the loop stopped before the
   * engine's correction came back): the retry asks for the correction first.
   */
  boolean correctionDue() {
    return draft != null && attempts.size() >= drafts;
  }
}
