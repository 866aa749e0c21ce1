package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.AuditAction;
import com.sqm.model.AuditEntry;
import com.sqm.model.AuditEvent;
import com.sqm.model.Caller;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryError;
import com.sqm.model.QueryOptions;
import com.sqm.model.QueryStage;
import com.sqm.model.TokenUsage;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.testing.TestEnvironment;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit log table: written with the query's own writes, appended to, and never changed. */
class JdbcAuditRepositoryIT {
  private static TestEnvironment env;
  private static QueryRepository queries;
  private static AuditRepository audit;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("audit_repository_it");
    queries = env.components().queries();
    audit = new JdbcAuditRepository(env.components().database());
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldAuditTheSubmitWithItsQuestion_whenAQueryIsStored() {
    String user = uniqueUser();

    UUID id = queries.insert(newQuery(user, "How many orders?", "key-1")).query().id();
    queries.insert(newQuery(user, "How many orders?", "key-1"));

    AuditEntry row = onlyRowOf(user);
    assertThat(row.action()).isEqualTo("QUERY_SUBMITTED");
    assertThat(row.outcome()).isEqualTo("ACCEPTED");
    assertThat(row.queryId()).isEqualTo(id);
    assertThat(row.dataSourceId()).isEqualTo(TestEnvironment.DEMO);
    assertThat(row.question()).isEqualTo("How many orders?");
    assertThat(row.at()).isNotNull();
  }

  @Test
  void shouldAuditTheSqlThatRanAndTheTokens_whenTheWorkerCompletesAQuery() {
    String user = uniqueUser();
    UUID id = queries.insert(newQuery(user, "How many orders?", null)).query().id();
    var claim = (QueryRepository.Claim.Granted) queries.claim(id, Duration.ofMinutes(1));
    QueryProgress progress =
        new QueryProgress(
            QueryStage.VISUALIZING,
            Map.of(),
            null,
            "SELECT count(*) FROM orders",
            1,
            List.of(),
            "openai:gpt-4o-mini",
            Map.of(),
            new TokenUsage(300, 50, 0.001),
            result(),
            null);

    queries.complete(id, claim.leaseToken(), progress, "42 orders.", null);

    AuditEntry completed = audit.find(filterOf(user), null, 10).items().get(0);
    assertThat(completed.action()).isEqualTo("QUERY_COMPLETED");
    assertThat(completed.outcome()).isEqualTo("COMPLETED");
    assertThat(completed.queryId()).isEqualTo(id);
    assertThat(completed.question()).isEqualTo("How many orders?");
    assertThat(completed.sql()).isEqualTo("SELECT count(*) FROM orders");
    assertThat(completed.errorCode()).isNull();
    assertThat(completed.detail().path("engine").asText()).isEqualTo("openai:gpt-4o-mini");
    assertThat(completed.detail().path("promptTokens").asLong()).isEqualTo(300);
    assertThat(completed.detail().path("rowCount").asInt()).isEqualTo(1);
    assertThat(env.auditOf(user))
        .containsExactly("QUERY_SUBMITTED ACCEPTED", "QUERY_COMPLETED COMPLETED");
  }

  @Test
  void shouldAuditTheFailureOnceWithItsCode_whenAQueryFailsAndIsFailedAgain() {
    String user = uniqueUser();
    UUID id = queries.insert(newQuery(user, "Drop the orders", null)).query().id();

    queries.fail(id, QueryError.of(ErrorCode.SQL_REJECTED, "not a SELECT"));
    queries.fail(id, QueryError.of(ErrorCode.INTERNAL_ERROR, "again"));

    assertThat(env.auditOf(user))
        .containsExactly("QUERY_SUBMITTED ACCEPTED", "QUERY_FAILED FAILED SQL_REJECTED");
  }

  @Test
  void shouldKeepEveryField_whenAnEventIsRecorded() {
    String admin = uniqueUser();

    audit.record(
        AuditEvent.adminChange(
            Caller.admin(admin),
            AuditAction.ADMIN_GRANT_ADDED,
            "sales",
            Map.of("principal", "user:alice")));
    audit.record(
        AuditEvent.refused(
            Caller.user(admin),
            AuditAction.RATE_LIMITED,
            "demo",
            "How many?",
            ErrorCode.RATE_LIMITED,
            Map.of()));

    List<AuditEntry> rows = audit.find(filterOf(admin), null, 10).items();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).action()).isEqualTo("ADMIN_GRANT_ADDED");
    assertThat(rows.get(1).outcome()).isEqualTo("DONE");
    assertThat(rows.get(1).dataSourceId()).isEqualTo("sales");
    assertThat(rows.get(1).detail().path("principal").asText()).isEqualTo("user:alice");
    assertThat(rows.get(0).action()).isEqualTo("RATE_LIMITED");
    assertThat(rows.get(0).errorCode()).isEqualTo("RATE_LIMITED");
    assertThat(rows.get(0).question()).isEqualTo("How many?");
    assertThat(rows.get(0).detail()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "UPDATE audit_log SET actor = 'someone-else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log"
      })
  void shouldRefuseTheChangeAndKeepTheRows_whenAnyoneTriesToAlterTheAuditLog(String change) {
    String user = uniqueUser();
    queries.insert(newQuery(user, "keep me", null));

    assertThatThrownBy(() -> run(change))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("audit_log is append-only");

    assertThat(env.auditOf(user)).containsExactly("QUERY_SUBMITTED ACCEPTED");
  }

  @Test
  void shouldFailStoreUnavailable_whenTheDatabaseIsUnreachable() {
    try (TestEnvironment down =
        TestEnvironment.createUnmigrated(
            "audit_repository_down", TestEnvironment.unreachableStore())) {
      AuditLog unreachable = down.components().audit();

      assertThatThrownBy(
              () ->
                  unreachable.record(
                      AuditEvent.refused(
                          Caller.user("alice"),
                          AuditAction.RATE_LIMITED,
                          null,
                          null,
                          ErrorCode.RATE_LIMITED,
                          null)))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE));
    }
  }

  private static void run(String sql) throws SQLException {
    try (Connection c = env.components().database().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static AuditEntry onlyRowOf(String user) {
    List<AuditEntry> rows = audit.find(filterOf(user), null, 10).items();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static AuditFilter filterOf(String user) {
    return new AuditFilter(user, null, null, null);
  }

  private static String uniqueUser() {
    return "user-" + UUID.randomUUID();
  }

  private static NewQuery newQuery(String user, String question, String key) {
    return new NewQuery(user, question, TestEnvironment.DEMO, QueryOptions.DEFAULTS, key);
  }

  private static DataResult result() {
    return new DataResult(
        List.of(new ColumnMeta("count", "bigint")), List.of(List.of(42)), 1, false);
  }
}
