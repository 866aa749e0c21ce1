package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Row and byte caps, timeouts, the cost gate, value conversion and read-only enforcement below the
 * guard.
 */
class ReadOnlySqlRunnerIT {
  private static final List<String> PUBLIC = List.of("public");
  private static TestDatabase database;
  private static DataSource reader;
  private final ReadOnlySqlRunner runner = new ReadOnlySqlRunner(new SqlGuard());

  @BeforeAll
  static void startDatabase() {
    database = TestDatabase.get();
    reader = database.reader();
  }

  private static DataSourceLimits limits(
      long timeoutMs, int maxRows, long maxBytes, double maxCost) {
    return new DataSourceLimits(timeoutMs, maxRows, maxBytes, maxCost, 10_000_000);
  }

  @Test
  void shouldReturnRowsAndColumns_whenQueryIsAllowed() {
    // Act
    DataResult result =
        runner.run(
            reader,
            "SELECT id, name FROM customers WHERE id <= 3 ORDER BY id",
            PUBLIC,
            DataSourceLimits.DEFAULTS,
            null);

    // Assert
    assertThat(result.columns())
        .containsExactly(new ColumnMeta("id", "int4"), new ColumnMeta("name", "text"));
    assertThat(result.rows())
        .containsExactly(
            List.of(1, "customer 1"), List.of(2, "customer 2"), List.of(3, "customer 3"));
    assertThat(result.rowCount()).isEqualTo(3);
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void shouldCapRowsAndMarkTruncated_whenResultExceedsMaxRows() {
    // Act
    DataResult result =
        runner.run(
            reader,
            "SELECT id FROM orders ORDER BY id",
            PUBLIC,
            limits(5_000, 10, 1_048_576, 1e6),
            null);

    // Assert
    assertThat(result.rowCount()).isEqualTo(10);
    assertThat(result.rows()).hasSize(10);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void shouldNotMarkTruncated_whenResultHasExactlyMaxRows() {
    // Act
    DataResult result =
        runner.run(
            reader,
            "SELECT id FROM orders WHERE id <= 10",
            PUBLIC,
            limits(5_000, 10, 1_048_576, 1e6),
            null);

    // Assert
    assertThat(result.rowCount()).isEqualTo(10);
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void shouldUseRequestedMaxRows_whenLowerThanDataSourceLimit() {
    // Act
    DataResult result =
        runner.run(reader, "SELECT id FROM orders", PUBLIC, DataSourceLimits.DEFAULTS, 7);

    // Assert
    assertThat(result.rowCount()).isEqualTo(7);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void shouldKeepDataSourceLimit_whenRequestedMaxRowsIsHigher() {
    // Act
    DataResult result =
        runner.run(reader, "SELECT id FROM orders", PUBLIC, limits(5_000, 20, 1_048_576, 1e6), 500);

    // Assert
    assertThat(result.rowCount()).isEqualTo(20);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void shouldCapAtHardMaximum_whenEverythingAllowsMore() {
    // Act
    DataResult result =
        runner.run(
            reader,
            "SELECT g FROM generate_series(1, 20000) g",
            PUBLIC,
            limits(5_000, 50_000, 10_000_000, 1e6),
            50_000);

    // Assert
    assertThat(result.rowCount()).isEqualTo(DataSourceLimits.HARD_MAX_ROWS);
    assertThat(result.truncated()).isTrue();
  }

  @Test
  void shouldStopAddingRowsAndMarkTruncated_whenSerialisedResultPassesByteCap() {
    // Act
    DataResult result =
        runner.run(
            reader,
            "SELECT id, name, region FROM customers ORDER BY id",
            PUBLIC,
            limits(5_000, 1_000, 300, 1e6),
            null);

    // Assert
    assertThat(result.truncated()).isTrue();
    assertThat(result.rowCount()).isGreaterThan(0).isLessThan(50);
    assertThat(result.rows().get(0)).containsExactly(1, "customer 1", "south");
  }

  @Test
  void shouldRejectWithValidationError_whenRequestedMaxRowsIsNotPositive() {
    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () -> runner.run(reader, "SELECT 1", PUBLIC, DataSourceLimits.DEFAULTS, 0));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
  }

  @Test
  void shouldTimeOut_whenExpensiveAllowedQueryOutlivesStatementTimeout() {
    // Arrange: the cost gate is opened wide so only the statement timeout can stop it
    DataSourceLimits limits = new DataSourceLimits(200, 1_000, 1_048_576, 1e15, 1e15);

    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () ->
                runner.run(
                    reader,
                    "SELECT count(*) FROM events a, events b, events c",
                    PUBLIC,
                    limits,
                    null));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_TIMEOUT);
    assertThat(error.getMessage()).contains("statement timeout");
  }

  @Test
  void shouldRejectWithEstimatesAndLimits_whenPlanIsTooExpensive() {
    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () ->
                runner.run(
                    reader,
                    "SELECT count(*) FROM events a, events b",
                    PUBLIC,
                    limits(5_000, 1_000, 1_048_576, 5_000),
                    null));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.SQL_TOO_EXPENSIVE);
    assertThat(error.getMessage())
        .matches(
            "estimated cost \\d+ \\(limit 5000\\) and estimated rows \\d+ \\(limit 10000000\\).*");
  }

  @Test
  void shouldRejectTooManyEstimatedRows_whenCostIsWithinLimit() {
    // Arrange
    DataSourceLimits limits = new DataSourceLimits(5_000, 1_000, 1_048_576, 1e12, 100);

    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () -> runner.run(reader, "SELECT id FROM events", PUBLIC, limits, null));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.SQL_TOO_EXPENSIVE);
    assertThat(error.getMessage()).contains("estimated rows 20000 (limit 100)");
  }

  @Test
  void shouldReportPostgresMessage_whenQueryFailsAtRunTime() {
    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () ->
                runner.run(
                    reader,
                    "SELECT 1 / (id - id) FROM orders",
                    PUBLIC,
                    DataSourceLimits.DEFAULTS,
                    null));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).isEqualTo("division by zero (SQLSTATE 22012)");
  }

  @Test
  void shouldFailWithPermissionDenied_whenSchemaIsAllowedButRoleHasNoGrant() {
    // Act: the guard lets "secret" through here; the reader role is the layer that stops it
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () ->
                runner.run(
                    reader,
                    "SELECT * FROM secret.salaries",
                    List.of("public", "secret"),
                    DataSourceLimits.DEFAULTS,
                    null));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).contains("permission denied");
  }

  @Test
  void shouldConvertValuesToJsonFriendlyJava_whenColumnsHaveRichTypes() {
    // Act
    DataResult result =
        runner.run(
            reader,
            "SELECT amount, ordered_at, ordered_at::date AS d, ordered_at::timestamp AS ts, tags, meta, status,"
                + " 1.5::float8 AS f, 10::bigint AS b, true AS flag, NULL::text AS nothing FROM orders WHERE id = 5",
            PUBLIC,
            DataSourceLimits.DEFAULTS,
            null);

    // Assert
    List<Object> row = result.rows().get(0);
    assertThat(row.get(0)).isEqualTo(new java.math.BigDecimal("5.50"));
    assertThat(row.get(1)).isEqualTo("2024-06-01T15:00Z");
    assertThat(row.get(2)).isEqualTo("2024-06-01");
    assertThat(row.get(3)).isEqualTo("2024-06-01T15:00");
    assertThat(row.get(4)).isEqualTo(List.of("gift", "promo"));
    assertThat(row.get(5)).isEqualTo("{\"channel\": \"store\"}");
    assertThat(row.get(6)).isEqualTo("refunded");
    assertThat(row.subList(7, 11)).containsExactly(1.5, 10L, true, null);
  }

  @Test
  void shouldRunInReadOnlyTransactionWithTimeouts_whenQueryExecutes() {
    // Act
    DataResult result =
        runner.run(reader, "SELECT 1", PUBLIC, limits(1_234, 1_000, 1_048_576, 1e6), null);
    String settings =
        ReadOnlyTransaction.run(
            reader,
            PUBLIC,
            limits(1_234, 1_000, 1_048_576, 1e6),
            c -> {
              try (Statement s = c.createStatement();
                  ResultSet rs =
                      s.executeQuery(
                          "SELECT current_setting('transaction_read_only') || ',' || current_setting('statement_timeout')"
                              + " || ',' || current_setting('lock_timeout') || ',' || current_setting('search_path')")) {
                rs.next();
                return rs.getString(1);
              }
            });

    // Assert
    assertThat(result.rowCount()).isEqualTo(1);
    assertThat(settings).isEqualTo("on,1234ms,1234ms,pg_catalog, \"public\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO customers (id, name) VALUES (5000, 'bypass')",
        "UPDATE orders SET amount = 0",
        "DELETE FROM orders",
        "CREATE TABLE bypass (id int)",
        "DROP TABLE events",
        "SELECT nextval('order_seq')",
        "SELECT bump_order_count()",
        "COPY customers FROM PROGRAM 'true'",
        "SET TRANSACTION READ WRITE"
      })
  void shouldRefuseToWrite_whenGuardIsBypassedEvenAsSuperuser(String sql) {
    // Arrange
    String before = DatabaseChecksum.of(database.admin());

    // Act: straight into the read-only transaction, as superuser, no guard and no cost gate
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () ->
                ReadOnlyTransaction.run(
                    database.admin(),
                    PUBLIC,
                    DataSourceLimits.DEFAULTS,
                    c -> {
                      try (Statement s = c.createStatement()) {
                        return s.execute(sql);
                      }
                    }));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).containsAnyOf("read-only transaction", "SQLSTATE 25");
    assertThat(DatabaseChecksum.of(database.admin())).isEqualTo(before);
  }

  @Test
  void shouldRefuseSideEffectFunction_whenGuardIsBypassedInTheWrappedQuery() {
    // Arrange
    String before = DatabaseChecksum.of(database.admin());

    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class,
            () ->
                runner.runGuarded(
                    database.admin(),
                    new GuardedSql("SELECT bump_order_count()"),
                    PUBLIC,
                    DataSourceLimits.DEFAULTS,
                    null));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).contains("read-only transaction");
    assertThat(DatabaseChecksum.of(database.admin())).isEqualTo(before);
  }

  @Test
  void shouldOpenReadOnlySessions_whenConnectingThroughPool() throws Exception {
    // Act
    String setting;
    try (var c = reader.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW default_transaction_read_only")) {
      rs.next();
      setting = rs.getString(1);
    }

    // Assert
    assertThat(setting).isEqualTo("on");
  }

  @Test
  void shouldRefuseAttributeNotationCall_whenDataSourceDefinesFunctionOnRowType() throws Exception {
    // Arrange: without our check PostgreSQL runs customer_note(c) for "c.customer_note"
    String sql = "SELECT c.id, c.customer_note FROM customers c WHERE c.id = 1";
    String direct;
    try (var c = reader.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      direct = rs.getString(2);
    }

    // Act
    SqlRejectedException rejection =
        catchThrowableOfType(
            SqlRejectedException.class,
            () -> runner.run(reader, sql, PUBLIC, DataSourceLimits.DEFAULTS, null));

    // Assert
    assertThat(direct).isEqualTo("from a user function");
    assertThat(rejection.rule()).isEqualTo("USER_FUNCTION");
    assertThat(rejection.getMessage()).contains("public.customer_note");
  }

  @Test
  void shouldRunQuery_whenItNamesNoUserFunction() {
    // Act: the data source defines functions, but this query uses none of their names
    DataResult result =
        runner.run(
            reader,
            "SELECT c.id, upper(c.name) FROM customers c WHERE c.id = 1",
            PUBLIC,
            DataSourceLimits.DEFAULTS,
            null);

    // Assert
    assertThat(result.rows()).containsExactly(List.of(1, "CUSTOMER 1"));
  }
}
