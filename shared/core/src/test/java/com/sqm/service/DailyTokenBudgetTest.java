package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DailyTokenBudgetTest {
  private static final Clock LATE_EVENING =
      Clock.fixed(Instant.parse("2026-11-26T21:30:00Z"), ZoneOffset.UTC);

  private final List<Instant> askedSince = new ArrayList<>();

  @Test
  void shouldLetTheCallThrough_whenTheUserIsUnderTheBudget() {
    TokenBudget budget = DailyTokenBudget.of(spent(999), 1000, LATE_EVENING);

    assertThatCode(() -> budget.ensureRemaining("alice")).doesNotThrowAnyException();
    assertThat(askedSince).containsExactly(Instant.parse("2026-11-26T00:00:00Z"));
  }

  @Test
  void shouldRefuseSayingTheBudgetAndWhenItResets_whenTheUserHasSpentIt() {
    TokenBudget budget = DailyTokenBudget.of(spent(1000), 1000, LATE_EVENING);

    assertThatThrownBy(() -> budget.ensureRemaining("alice"))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage())
                  .contains("1000 model tokens")
                  .contains("1000 used today")
                  .contains("resets at 2026-11-27T00:00:00Z (in 2 h 30 min)");
            });
  }

  @Test
  void shouldNeverAskWhatWasSpent_whenTheBudgetIsOff() {
    TokenBudget budget = DailyTokenBudget.of(spent(Long.MAX_VALUE), 0, LATE_EVENING);

    budget.ensureRemaining("alice");

    assertThat(budget).isSameAs(TokenBudget.UNLIMITED);
    assertThat(askedSince).isEmpty();
  }

  private com.sqm.store.TokenUsageRepository spent(long tokens) {
    return (user, since) -> {
      askedSince.add(since);
      return tokens;
    };
  }
}
