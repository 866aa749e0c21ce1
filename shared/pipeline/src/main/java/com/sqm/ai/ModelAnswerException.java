package com.sqm.ai;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.model.TokenUsage;

/**
 * An engine's failure after its model answered (a refusal, "not answerable", an unreadable or cut
 * answer): the answer was billed, so {@link #usage()} carries what it cost.
 */
public final class ModelAnswerException extends SqmException {
  private static final long serialVersionUID = 1L;
  private final transient TokenUsage usage;

  public ModelAnswerException(ErrorCode code, String message, TokenUsage usage) {
    super(code, message);
    this.usage = usage == null ? TokenUsage.NONE : usage;
  }

  /** The same failure, with the tokens of the answer that caused it. */
  public static ModelAnswerException of(SqmException failure, TokenUsage usage) {
    return new ModelAnswerException(failure.code(), failure.getMessage(), usage);
  }

  public TokenUsage usage() {
    return usage;
  }
}
