package com.sqm.events;

/** The event bus could not be reached or refused the whole request; nothing was published. */
public final class EventPublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
