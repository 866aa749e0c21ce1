package com.sqm.webhook;

/** A callback URL that must not be called (scheme, user info, or where its host leads). */
public final class CallbackRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CallbackRefusedException(String message) {
    super(message);
  }
}
