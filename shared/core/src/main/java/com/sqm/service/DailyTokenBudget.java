package com.sqm.service;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.store.TokenUsageRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A budget of {@code dailyLimit} model tokens (prompt and completion) per user and UTC day, counted
 * over the user's queries created that day. A query that starts under the budget may end a little
 * over it: the check comes before each model call, and a call's cost is known only after it.
 */
public final class DailyTokenBudget implements TokenBudget {
  private final TokenUsageRepository usage;
  private final long dailyLimit;
  private final Clock clock;

  public DailyTokenBudget(TokenUsageRepository usage, long dailyLimit, Clock clock) {
    if (dailyLimit < 1) {
      throw new IllegalArgumentException("a daily token budget needs at least 1 token");
    }
    this.usage = usage;
    this.dailyLimit = dailyLimit;
    this.clock = clock;
  }

  /** {@code dailyLimit} tokens a day, or {@link TokenBudget#UNLIMITED} when it is 0 or less. */
  public static TokenBudget of(TokenUsageRepository usage, long dailyLimit, Clock clock) {
    return dailyLimit <= 0 ? UNLIMITED : new DailyTokenBudget(usage, dailyLimit, clock);
  }

  @Override
  public void ensureRemaining(String userId) {
    Instant now = clock.instant();
    Instant dayStart =
        LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    long spent = usage.tokensSpentSince(userId, dayStart);
    if (spent >= dailyLimit) {
      throw exceeded(dailyLimit, spent, dayStart.plus(Duration.ofDays(1)), now);
    }
  }

  static SqmException exceeded(long limit, long spent, Instant resetsAt, Instant now) {
    Duration left = Duration.between(now, resetsAt);
    return new SqmException(
        ErrorCode.BUDGET_EXCEEDED,
        "the daily budget of "
            + limit
            + " model tokens is spent ("
            + spent
            + " used today); it resets at "
            + resetsAt
            + " (in "
            + left.toHours()
            + " h "
            + left.toMinutesPart()
            + " min)",
        null);
  }
}
