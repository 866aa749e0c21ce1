package com.sqm.local.runtime;

/** The local runtime could not start; the message tells the developer what to do about it. */
public final class LocalStartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalStartupException(String message) {
    super(message);
  }

  public LocalStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
