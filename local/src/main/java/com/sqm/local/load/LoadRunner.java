package com.sqm.local.load;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Runs one load: submits the questions, waits for their answers and reports what happened. */
public final class LoadRunner {
  /** Finished queries are noticed this late at most; the figures come from server timestamps. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

  private final LoadApi api;

  public LoadRunner(LoadApi api) {
    this.api = api;
  }

  /**
   * Runs {@code settings} as fresh users (their histories hold only this run's queries), signing
   * each user's token with {@code tokenFor}.
   */
  public LoadReport run(LoadSettings settings, UnaryOperator<String> tokenFor)
      throws InterruptedException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    api.checkReachable();
    List<LoadUser> users = users(settings.users(), tokenFor);
    LoadSubmitter.Result submitted = new LoadSubmitter(api).submitAll(settings, users);
    Map<String, QueryState> states =
        new CompletionWaiter(api, POLL_INTERVAL).await(submitted.accepted(), deadline);
    return LoadReport.of(settings, submitted, states);
  }

  private static List<LoadUser> users(int count, UnaryOperator<String> tokenFor) {
    byte[] tag = new byte[3];
    new SecureRandom().nextBytes(tag);
    String prefix = "load-" + HexFormat.of().formatHex(tag) + "-";
    List<LoadUser> users = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String id = prefix + i;
      users.add(new LoadUser(id, tokenFor.apply(id)));
    }
    return users;
  }
}
