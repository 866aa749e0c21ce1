package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the adversarial suite through the worker's {@link ReadOnlySqlRunner}, connected as
 * the read-only role: the outcome is the expected one and the database is unchanged.
 */
class AdversarialSuiteIT {
  /** Defaults, with a short statement timeout so timeout cases finish quickly. */
  private static final DataSourceLimits LIMITS =
      new DataSourceLimits(700, 1_000, 1_048_576, 1_000_000, 10_000_000);

  private static TestDatabase database;
  private static DataSource reader;

  /**
   * The checksum after the previous case, which is the next case's "before": nothing else writes to
   * this database between two cases (were something to, the next case would fail, where a fresh
   * "before" would hide it). Halves the checksums the suite computes.
   */
  private static String checksumAfterPreviousCase;

  private final ReadOnlySqlRunner runner = new ReadOnlySqlRunner(new SqlGuard());

  @BeforeAll
  static void startDatabase() {
    database = TestDatabase.get();
    reader = database.reader();
  }

  static Stream<AdversarialCase> cases() {
    return AdversarialCase.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldHaveTheExpectedOutcomeAndLeaveTheDatabaseUnchanged_whenCaseRuns(
      AdversarialCase adversarial) {
    // Arrange
    String before =
        checksumAfterPreviousCase != null
            ? checksumAfterPreviousCase
            : DatabaseChecksum.of(database.admin());

    // Act
    Throwable thrown =
        catchThrowableOfType(
            Throwable.class,
            () -> runner.run(reader, adversarial.sql(), List.of("public"), LIMITS, null));
    String after = DatabaseChecksum.of(database.admin());
    checksumAfterPreviousCase = after;

    // Assert
    switch (adversarial.outcome()) {
      case EXECUTED -> assertThat(thrown).as(adversarial.sql()).isNull();
      case REJECTED -> {
        assertThat(thrown).as(adversarial.sql()).isInstanceOf(SqlRejectedException.class);
        assertThat(((SqlRejectedException) thrown).rule()).isEqualTo(adversarial.rule());
      }
      case TOO_EXPENSIVE -> assertCode(thrown, ErrorCode.SQL_TOO_EXPENSIVE, adversarial);
      case TIMEOUT -> assertCode(thrown, ErrorCode.DATASOURCE_TIMEOUT, adversarial);
      case ERROR -> assertCode(thrown, ErrorCode.DATASOURCE_ERROR, adversarial);
    }
    assertThat(after).isEqualTo(before);
  }

  private static void assertCode(Throwable thrown, ErrorCode code, AdversarialCase adversarial) {
    assertThat(thrown).as(adversarial.sql()).isInstanceOf(SqmException.class);
    assertThat(((SqmException) thrown).code()).as(thrown.getMessage()).isEqualTo(code);
  }
}
