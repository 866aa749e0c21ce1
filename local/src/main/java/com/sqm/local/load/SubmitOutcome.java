package com.sqm.local.load;

/**
 * The answer to one submit: the query id when it was accepted (202), else why not (the HTTP status,
 * or "no response").
 */
public record SubmitOutcome(String id, String rejection) {
  public static final String NO_RESPONSE = "no response";

  public static SubmitOutcome accepted(String id) {
    return new SubmitOutcome(id, null);
  }

  public static SubmitOutcome rejected(String rejection) {
    return new SubmitOutcome(null, rejection);
  }

  public boolean isAccepted() {
    return id != null;
  }
}
