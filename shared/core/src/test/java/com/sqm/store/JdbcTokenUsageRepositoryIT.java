package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.testing.TestEnvironment;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcTokenUsageRepositoryIT {
  private static TestEnvironment env;
  private static TokenUsageRepository usage;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("token_usage_it");
    usage = new JdbcTokenUsageRepository(env.components().database());
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldSumOnlyThatUsersTokensSinceTheGivenTime_whenQueriesSpentTokens() {
    String alice = "alice-" + UUID.randomUUID();
    insert(alice, "2026-11-26T08:00:00Z", 100, 20);
    insert(alice, "2026-11-26T23:59:59Z", 300, 40);
    insert(alice, "2026-11-25T23:59:59Z", 5000, 500);
    insert("bob-" + UUID.randomUUID(), "2026-11-26T09:00:00Z", 7000, 700);

    long spent = usage.tokensSpentSince(alice, Instant.parse("2026-11-26T00:00:00Z"));
    long none = usage.tokensSpentSince("nobody-" + UUID.randomUUID(), Instant.EPOCH);

    assertThat(spent).isEqualTo(460);
    assertThat(none).isZero();
  }

  private static void insert(String user, String createdAt, long prompt, long completion) {
    env.execute(
        "INSERT INTO user_query (id, user_id, question, data_source_id, created_at, prompt_tokens,"
            + " completion_tokens) VALUES ('"
            + UUID.randomUUID()
            + "', '"
            + user
            + "', 'q', 'demo', '"
            + createdAt
            + "', "
            + prompt
            + ", "
            + completion
            + ")");
  }
}
