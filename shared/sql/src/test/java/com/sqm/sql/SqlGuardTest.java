package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SqlGuardTest {
  private final SqlGuard guard = new SqlGuard();

  @Test
  void shouldStripCommentsAndTrailingSemicolons_whenSqlPasses() {
    // Act
    GuardedSql guarded =
        guard.check("-- top customers\nSELECT id /* pk */ FROM customers;  ", List.of("public"));

    // Assert
    assertThat(guarded.sql()).isEqualTo("SELECT id   FROM customers");
  }

  @Test
  void shouldReportNamesPostgresWouldResolve_whenSqlPasses() {
    // Act
    GuardedSql guarded =
        guard.check(
            "SELECT c.Note, \"Mixed\", lower(c.name) FROM customers c GROUP BY 1, 2, 3",
            List.of("public"));

    // Assert: unquoted names fold to lower case, quoted ones keep their case
    assertThat(guarded.referencedNames())
        .containsExactlyInAnyOrder("note", "Mixed", "lower", "name");
  }

  @Test
  void shouldJudgeAgainstEachDataSourcesSchemas_whenTheSameSqlWasAcceptedForAnother() {
    String sql = "SELECT id FROM sales.orders";
    GuardedSql accepted = guard.check(sql, List.of("sales"));

    // Act: the verdict kept for the "sales" data source must not serve one that allows "public"
    SqlRejectedException rejected =
        catchThrowableOfType(SqlRejectedException.class, () -> guard.check(sql, List.of("public")));
    GuardedSql again = guard.check(sql, List.of("sales"));

    // Assert
    assertThat(rejected).isNotNull();
    assertThat(again).isEqualTo(accepted);
  }

  @Test
  void shouldRejectAgain_whenRejectedSqlIsCheckedASecondTime() {
    String sql = "SELECT 1; DELETE FROM orders";
    guard.check("SELECT 1", List.of("public"));

    // Act
    SqlRejectedException first =
        catchThrowableOfType(SqlRejectedException.class, () -> guard.check(sql, List.of("public")));
    SqlRejectedException second =
        catchThrowableOfType(SqlRejectedException.class, () -> guard.check(sql, List.of("public")));

    // Assert
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
  }

  @Test
  void shouldAllowConfiguredSchema_whenDataSourceAllowsIt() {
    // Act
    GuardedSql guarded =
        guard.check(
            "SELECT * FROM sales.orders o JOIN public.customers c ON c.id = o.cid",
            List.of("sales", "public"));

    // Assert
    assertThat(guarded.sql()).contains("sales.orders");
  }

  @Test
  void shouldDefaultToPublic_whenNoSchemasConfigured() {
    // Act
    SqlRejectedException rejection =
        catchThrowableOfType(
            SqlRejectedException.class, () -> guard.check("SELECT * FROM sales.orders", List.of()));

    // Assert
    assertThat(rejection.rule()).isEqualTo("FORBIDDEN_SCHEMA");
    assertThat(rejection.getMessage())
        .isEqualTo("FORBIDDEN_SCHEMA: schema sales is not allowed; allowed: [public]");
  }

  @Test
  void shouldNameTheFunction_whenFunctionIsNotAllowlisted() {
    // Act
    SqlRejectedException rejection =
        catchThrowableOfType(
            SqlRejectedException.class, () -> guard.check("SELECT pg_sleep(5)", List.of("public")));

    // Assert
    assertThat(rejection.getMessage())
        .isEqualTo("FORBIDDEN_FUNCTION: function pg_sleep is not allowed");
    assertThat(rejection.field()).isEqualTo("sql");
  }

  @Test
  void shouldRejectAsTooLong_whenSqlIsHuge() {
    // Act
    SqlRejectedException rejection =
        catchThrowableOfType(
            SqlRejectedException.class,
            () -> guard.check("SELECT " + "1+".repeat(20_000) + "1", List.of("public")));

    // Assert
    assertThat(rejection.rule()).isEqualTo("TOO_LONG");
  }

  @Test
  void shouldRejectAsUnparseable_whenNullGiven() {
    // Act
    SqlRejectedException rejection =
        catchThrowableOfType(
            SqlRejectedException.class, () -> guard.check(null, List.of("public")));

    // Assert
    assertThat(rejection.rule()).isEqualTo("EMPTY_STATEMENT");
  }

  @Test
  void shouldAcceptValidSql_whenManyThreadsCheckAtOnce() throws Exception {
    // Arrange: more concurrent callers than a small parser pool would have threads
    String sql =
        "SELECT date_trunc('month', o.order_date) AS month, count(*) FROM orders o"
            + " WHERE o.order_date >= DATE '2025-01-01' GROUP BY 1 ORDER BY 1";
    ExecutorService callers = Executors.newFixedThreadPool(8);
    List<Future<String>> results = new ArrayList<>();

    // Act
    try {
      for (int i = 0; i < 400; i++) {
        results.add(callers.submit(() -> guard.check(sql, List.of("public")).sql()));
      }
      // Assert: every call passed (a refused parse would surface here as UNPARSEABLE)
      for (Future<String> result : results) {
        assertThat(result.get()).startsWith("SELECT date_trunc");
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
