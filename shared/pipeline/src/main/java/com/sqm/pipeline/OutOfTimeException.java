package com.sqm.pipeline;

import com.sqm.model.QueryStage;
import java.time.Duration;

/**
 * A stage could not start: the time left in the invocation is less than the stage may take. The
 * worker hands the query back for another delivery, which resumes at this stage.
 */
final class OutOfTimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  OutOfTimeException(QueryStage stage, Duration needed, Duration left) {
    super(
        stage
            + " may take up to "
            + needed.toMillis()
            + " ms but only "
            + left.toMillis()
            + " ms are left");
  }
}
