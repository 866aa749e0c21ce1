package com.sqm.local.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits until every accepted query is COMPLETED or FAILED, or the deadline passes. It reads each
 * user's history (one request answers for up to 100 queries) instead of polling every query, and
 * only the users that still have unfinished ones, so waiting costs the server little.
 */
public final class CompletionWaiter {
  private final LoadApi api;
  private final Duration pollInterval;

  public CompletionWaiter(LoadApi api, Duration pollInterval) {
    this.api = api;
    this.pollInterval = pollInterval;
  }

  /**
   * The last state seen of each accepted query, by id; a query never seen in its user's history is
   * absent. Returns when all are finished or at {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  public Map<String, QueryState> await(List<LoadSubmitter.Accepted> accepted, long deadlineNanos)
      throws InterruptedException {
    Map<String, LoadUser> unfinished = new LinkedHashMap<>();
    accepted.forEach(query -> unfinished.put(query.id(), query.user()));
    Map<String, QueryState> seen = new HashMap<>();
    while (!unfinished.isEmpty()) {
      Set<LoadUser> users = new LinkedHashSet<>(unfinished.values());
      for (LoadUser user : users) {
        for (QueryState state : api.history(user).orElse(List.of())) {
          if (unfinished.containsKey(state.id())) {
            seen.put(state.id(), state);
            if (state.isFinished()) {
              unfinished.remove(state.id());
            }
          }
        }
      }
      long left = deadlineNanos - System.nanoTime();
      if (unfinished.isEmpty() || left <= 0) {
        break;
      }
      Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, left / 1_000_000)));
    }
    return seen;
  }
}
