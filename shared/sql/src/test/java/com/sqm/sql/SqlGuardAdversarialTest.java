package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ErrorCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guard's verdict on every case of the adversarial suite, without a database. */
class SqlGuardAdversarialTest {
  private final SqlGuard guard = new SqlGuard();

  static Stream<AdversarialCase> rejectedCases() {
    return AdversarialCase.all().stream()
        .filter(c -> c.outcome() == AdversarialCase.Outcome.REJECTED);
  }

  static Stream<AdversarialCase> passingCases() {
    return AdversarialCase.all().stream()
        .filter(c -> c.outcome() != AdversarialCase.Outcome.REJECTED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedCases")
  void shouldRejectWithTheNamedRule_whenSqlBreaksARule(AdversarialCase adversarial) {
    // Act
    SqlRejectedException rejection =
        catchThrowableOfType(
            SqlRejectedException.class, () -> guard.check(adversarial.sql(), List.of("public")));

    // Assert
    assertThat(rejection).as(adversarial.sql()).isNotNull();
    assertThat(rejection.rule()).as(rejection.getMessage()).isEqualTo(adversarial.rule());
    assertThat(rejection.code()).isEqualTo(ErrorCode.SQL_REJECTED);
    assertThat(rejection.getMessage()).startsWith(adversarial.rule() + ": ");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passingCases")
  void shouldPassTheGuard_whenSqlIsAReadOnlyQuery(AdversarialCase adversarial) {
    // Act
    GuardedSql guarded = guard.check(adversarial.sql(), List.of("public"));

    // Assert
    assertThat(guarded.sql()).isNotBlank().doesNotEndWith(";");
  }

  @Test
  void shouldHoldAtLeast150Cases_whenSuiteIsLoaded() {
    // Act
    List<AdversarialCase> cases = AdversarialCase.all();

    // Assert
    assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    assertThat(cases).extracting(AdversarialCase::name).doesNotHaveDuplicates();
    assertThat(cases)
        .filteredOn(c -> c.outcome() == AdversarialCase.Outcome.EXECUTED)
        .hasSizeGreaterThanOrEqualTo(25);
  }
}
