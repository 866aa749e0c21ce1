package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.model.ErrorCode;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSourceQueryExceptionTest {
  @ParameterizedTest
  @ValueSource(strings = {"08001", "08006", "57P01", "57P02", "57P03", "53300", "53200"})
  void shouldBeTransientOutage_whenServerCannotBeUsed(String sqlState) {
    // Act
    DataSourceQueryException error = new DataSourceQueryException("failed", sqlState);

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.isTransient()).isTrue();
    assertThat(error.kind()).isEqualTo(DataSourceQueryException.Kind.OUTAGE);
    assertThat(error.isCausedBySql()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"40001", "40P01"})
  void shouldBeTransientButNoOutage_whenTransactionLostASerializationRace(String sqlState) {
    // Act
    DataSourceQueryException error = new DataSourceQueryException("failed", sqlState);

    // Assert
    assertThat(error.isTransient()).isTrue();
    assertThat(error.kind()).isEqualTo(DataSourceQueryException.Kind.SERVER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"42703", "42P01", "22012", "21000", "0A000"})
  void shouldBePermanentAndCausedBySql_whenTheSqlIsAtFault(String sqlState) {
    // Act
    DataSourceQueryException error = new DataSourceQueryException("failed", sqlState);

    // Assert
    assertThat(error.isTransient()).isFalse();
    assertThat(error.isCausedBySql()).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"28P01", "3D000", "XX000", "5"})
  void shouldBePermanent_whenStateSaysNothingWillChange(String sqlState) {
    // Act
    DataSourceQueryException error = new DataSourceQueryException("failed", sqlState);

    // Assert
    assertThat(error.isTransient()).isFalse();
    assertThat(error.isCausedBySql()).isFalse();
  }

  @Test
  void shouldKeepThePoolsOwnFailure_whenConnectionErrorCarriesOne() {
    // Arrange
    DataSourceQueryException pools =
        new DataSourceQueryException(
            "data source x is unreachable",
            null,
            true,
            DataSourceQueryException.Kind.BREAKER_OPEN,
            null);

    // Act
    DataSourceQueryException error =
        DataSourceQueryException.from(new SQLException("wrapped", "08001", pools), "reading");

    // Assert
    assertThat(error).isSameAs(pools);
  }

  @Test
  void shouldClassifyByState_whenDriverFailsMidWork() {
    // Act
    DataSourceQueryException error =
        DataSourceQueryException.from(
            new SQLException("terminating connection due to administrator command", "57P01"),
            "could not read the schema");

    // Assert
    assertThat(error.isTransient()).isTrue();
    assertThat(error.getMessage())
        .isEqualTo(
            "could not read the schema: terminating connection due to administrator command"
                + " (SQLSTATE 57P01)");
  }
}
