package com.sqm.local;

/** The command line was wrong; the message says how, and the CLI exits with status 2. */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
