package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.AuditEntry;
import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.store.Page;
import com.sqm.testing.TestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Admins reading the audit log: filters, time range, pages, and who may read it. */
class AuditServiceIT {
  private static final Caller ADMIN = Caller.admin("root");

  private static TestEnvironment env;
  private static AuditService service;

  /** Rows of this class carry this suffix in their actor, so runs and tests do not mix. */
  private String run;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("audit_service_it");
    service = env.components().auditService();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldListOnlyThatUsersRowsNewestFirst_whenFilteredByUser() {
    seed();

    Page<AuditEntry> page = service.search(ADMIN, actor("alice"), null, null, null, null, null);

    assertThat(page.items())
        .extracting(AuditEntry::action)
        .containsExactly("QUERY_FAILED", "QUERY_COMPLETED", "QUERY_SUBMITTED");
    assertThat(page.items()).allMatch(e -> e.actor().equals(actor("alice")));
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void shouldListOnlyThatDataSourcesRows_whenFilteredByDataSourceAndUser() {
    seed();

    Page<AuditEntry> page = service.search(ADMIN, actor("alice"), "sales", null, null, null, null);

    assertThat(page.items()).extracting(AuditEntry::action).containsExactly("QUERY_FAILED");
  }

  @Test
  void shouldKeepFromAndExcludeTo_whenATimeRangeIsGiven() {
    seed();

    Page<AuditEntry> page =
        service.search(
            ADMIN,
            actor("alice"),
            null,
            "2026-03-01T10:00:00Z",
            "2026-03-01T12:00:00Z",
            null,
            null);

    assertThat(page.items())
        .extracting(AuditEntry::action)
        .containsExactly("QUERY_COMPLETED", "QUERY_SUBMITTED");
  }

  @Test
  void shouldWalkEveryRowOnceNewestFirst_whenPagingWithTheCursor() {
    seed();
    List<String> actions = new ArrayList<>();
    List<String> cursors = new ArrayList<>();

    String cursor = null;
    do {
      Page<AuditEntry> page = service.search(ADMIN, actor("alice"), null, null, null, cursor, 2);
      page.items().forEach(e -> actions.add(e.action()));
      cursor = page.nextCursor();
      cursors.add(cursor);
    } while (cursor != null);

    assertThat(actions).containsExactly("QUERY_FAILED", "QUERY_COMPLETED", "QUERY_SUBMITTED");
    assertThat(cursors).hasSize(2).last().isNull();
  }

  @Test
  void shouldRefuseForbidden_whenTheCallerIsNotAnAdmin() {
    seed();

    assertThatThrownBy(
            () -> service.search(Caller.user("alice"), null, null, null, null, null, null))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
  }

  @Test
  void shouldRefuseNamingTheField_whenAFilterIsMalformed() {
    assertInvalid(() -> search("yesterday", null, null, null), "from");
    assertInvalid(() -> search(null, "2026-03-01", null, null), "to");
    assertInvalid(() -> search("+300000-01-01T00:00:00Z", null, null, null), "from");
    assertInvalid(() -> search("2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z", null, null), "from");
    assertInvalid(() -> search(null, null, "not-ours", null), "cursor");
    assertInvalid(() -> search(null, null, null, 0), "limit");
    assertInvalid(() -> search(null, null, null, AuditService.MAX_LIMIT + 1), "limit");
    assertInvalid(() -> service.search(ADMIN, "a\u0000b", null, null, null, null, null), "user");
    assertInvalid(
        () -> service.search(ADMIN, null, "x".repeat(300), null, null, null, null), "dataSource");
  }

  private static Page<AuditEntry> search(String from, String to, String cursor, Integer limit) {
    return service.search(ADMIN, null, null, from, to, cursor, limit);
  }

  private static void assertInvalid(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  /** Alice's three rows (10:00 demo, 11:00 demo, 12:00 sales) and one of Bob's. */
  private void seed() {
    run = UUID.randomUUID().toString();
    insert("2026-03-01T10:00:00Z", actor("alice"), "QUERY_SUBMITTED", "demo");
    insert("2026-03-01T11:00:00Z", actor("alice"), "QUERY_COMPLETED", "demo");
    insert("2026-03-01T12:00:00Z", actor("alice"), "QUERY_FAILED", "sales");
    insert("2026-03-01T11:30:00Z", actor("bob"), "QUERY_SUBMITTED", "sales");
  }

  private String actor(String name) {
    return name + "-" + run;
  }

  private static void insert(String at, String actor, String action, String dataSource) {
    env.execute(
        "INSERT INTO audit_log (at, actor, action, data_source_id, outcome) VALUES ('"
            + at
            + "', '"
            + actor
            + "', '"
            + action
            + "', '"
            + dataSource
            + "', 'DONE')");
  }
}
