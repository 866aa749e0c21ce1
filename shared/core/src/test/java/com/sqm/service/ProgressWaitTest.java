package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStage;
import com.sqm.model.QueryStatus;
import com.sqm.model.SqmException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressWaitTest {
  @ParameterizedTest
  @ValueSource(ints = {-1, 21, Integer.MAX_VALUE, Integer.MIN_VALUE})
  void shouldRejectNamingWait_whenSecondsOutOfRange(int seconds) {
    assertThatThrownBy(() -> ProgressWait.of(seconds, null, null))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
              assertThat(e.field()).isEqualTo("wait");
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 20})
  void shouldAccept_whenSecondsWithinRange(int seconds) {
    assertThat(ProgressWait.of(seconds, null, null).timeout())
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void shouldNotWait_whenAbsent() {
    assertThat(ProgressWait.of(null, null, null).timeout()).isZero();
  }

  @Test
  void shouldShortenToLimitKeepingWhatCallerSaw_whenLimitIsShorter() {
    ProgressWait wait = ProgressWait.of(20, QueryStatus.PROCESSING, QueryStage.GENERATING_SQL);

    ProgressWait bounded = wait.atMost(Duration.ofSeconds(7));

    assertThat(bounded)
        .isEqualTo(
            new ProgressWait(
                Duration.ofSeconds(7), QueryStatus.PROCESSING, QueryStage.GENERATING_SQL));
  }

  @Test
  void shouldNotWait_whenLimitAlreadyPassed() {
    assertThat(ProgressWait.of(20, null, null).atMost(Duration.ofSeconds(-2)).timeout()).isZero();
  }

  @Test
  void shouldKeepTimeout_whenLimitIsLonger() {
    assertThat(ProgressWait.of(5, null, null).atMost(Duration.ofSeconds(27)).timeout())
        .isEqualTo(Duration.ofSeconds(5));
  }
}
