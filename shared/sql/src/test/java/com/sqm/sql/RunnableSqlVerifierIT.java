package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RunnableSqlVerifierIT {
  private static DataSourcePools pools;
  private static RunnableSqlVerifier verifier;
  private static DataSourceConfig dataSource;

  @BeforeAll
  static void start() {
    TestDatabase db = TestDatabase.get();
    pools = new DataSourcePools(name -> null);
    verifier = new RunnableSqlVerifier(new ReadOnlySqlRunner(new SqlGuard()), pools);
    dataSource =
        new DataSourceConfig("verify-it", "it", "", db.readerUrl(), List.of("public"), true, null);
  }

  @AfterAll
  static void stop() {
    pools.close();
  }

  @Test
  void shouldAccept_whenSqlPassesGuardAndRuns() {
    assertThatCode(
            () ->
                verifier.verify(
                    dataSource, "SELECT region, count(*) FROM customers GROUP BY region"))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRejectNamingRule_whenGuardRefusesSql() {
    assertThatThrownBy(() -> verifier.verify(dataSource, "SELECT * FROM secret.salaries"))
        .isInstanceOfSatisfying(
            SqlRejectedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SQL_REJECTED);
              assertThat(e.rule()).isEqualTo("FORBIDDEN_SCHEMA");
            });
  }

  @Test
  void shouldReportDatabasesSentence_whenSqlDoesNotRun() {
    assertThatThrownBy(() -> verifier.verify(dataSource, "SELECT no_such_column FROM customers"))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.SQL_FAILED);
              assertThat(e.code().httpStatus()).isEqualTo(422);
              assertThat(e.getMessage()).contains("no_such_column", "does not exist");
            });
  }
}
