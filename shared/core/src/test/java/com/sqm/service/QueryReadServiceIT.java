package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryListItem;
import com.sqm.model.QueryOptions;
import com.sqm.model.QueryResponse;
import com.sqm.model.SqmException;
import com.sqm.store.Page;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.testing.TestEnvironment;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryReadServiceIT {
  private static TestEnvironment env;
  private static QueryReadService service;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("read_service_it");
    service = env.components().readService();
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void clean() {
    env.deleteAllQueries();
  }

  @Test
  void shouldReturnQuery_whenCallerOwnsIt() {
    UUID id = insert("alice", "How many orders?");

    QueryResponse response = service.get(id, Caller.user("alice"));

    assertThat(response.id()).isEqualTo(id);
    assertThat(response.question()).isEqualTo("How many orders?");
  }

  @Test
  void shouldAnswerNotFound_whenQueryBelongsToAnotherUser() {
    UUID bobs = insert("bob", "secret question");

    assertThatThrownBy(() -> service.get(bobs, Caller.user("alice")))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void shouldAnswerSameNotFound_whenQueryUnknown() {
    UUID unknown = UUID.randomUUID();
    UUID bobs = insert("bob", "q");

    SqmException forUnknown = catchSqm(() -> service.get(unknown, Caller.user("alice")));
    SqmException forOthers = catchSqm(() -> service.get(bobs, Caller.user("alice")));

    assertThat(forUnknown.code()).isEqualTo(forOthers.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(forUnknown.getMessage().replace(unknown.toString(), ""))
        .isEqualTo(forOthers.getMessage().replace(bobs.toString(), ""));
  }

  @Test
  void shouldPageOwnHistory_whenListing() {
    for (int i = 0; i < 3; i++) {
      insert("alice", "q" + i);
    }

    Page<QueryListItem> first = service.listForUser("alice", Caller.user("alice"), null, 2);
    Page<QueryListItem> second =
        service.listForUser("alice", Caller.user("alice"), first.nextCursor(), 2);

    assertThat(first.items()).extracting(QueryListItem::question).containsExactly("q2", "q1");
    assertThat(second.items()).extracting(QueryListItem::question).containsExactly("q0");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void shouldUseDefaultLimit_whenNoneGiven() {
    for (int i = 0; i < QueryReadService.DEFAULT_LIMIT + 1; i++) {
      insert("alice", "q" + i);
    }

    assertThat(service.listForUser("alice", Caller.user("alice"), null, null).items())
        .hasSize(QueryReadService.DEFAULT_LIMIT);
  }

  @Test
  void shouldAnswerNotFound_whenListingAnotherUsersHistory() {
    insert("bob", "q");

    assertThatThrownBy(() -> service.listForUser("bob", Caller.user("alice"), null, null))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void shouldLetAdminReadAnyonesQueryAndHistory_whenCallerIsAdmin() {
    UUID bobs = insert("bob", "What did we sell?");

    assertThat(service.get(bobs, Caller.admin("carol")).question()).isEqualTo("What did we sell?");
    assertThat(service.listForUser("bob", Caller.admin("carol"), null, null).items())
        .extracting(QueryListItem::question)
        .containsExactly("What did we sell?");
  }

  @Test
  void shouldRejectLimit_whenOutOfRange() {
    assertThatThrownBy(() -> service.listForUser("alice", Caller.user("alice"), null, 0))
        .isInstanceOfSatisfying(SqmException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(() -> service.listForUser("alice", Caller.user("alice"), null, 101))
        .isInstanceOfSatisfying(SqmException.class, e -> assertThat(e.field()).isEqualTo("limit"));
  }

  private static UUID insert(String user, String question) {
    return env.components()
        .queries()
        .insert(new NewQuery(user, question, TestEnvironment.DEMO, QueryOptions.DEFAULTS, null))
        .query()
        .id();
  }

  private static SqmException catchSqm(Runnable call) {
    try {
      call.run();
    } catch (SqmException e) {
      return e;
    }
    throw new AssertionError("expected SqmException");
  }
}
