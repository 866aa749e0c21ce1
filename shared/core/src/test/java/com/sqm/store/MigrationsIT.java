package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.testing.TestEnvironment;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsIT {
  private static TestEnvironment env;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("migrations_it");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @Test
  void shouldApplyNothing_whenRunAgain() {
    MigrateResult again = Migrations.migrate(env.components().database());

    assertThat(again.success).isTrue();
    assertThat(again.migrationsExecuted).isZero();
  }

  @Test
  void shouldRejectRow_whenStatusUnknown() {
    assertThatThrownBy(
            () ->
                env.execute(
                    "INSERT INTO user_query (id, user_id, question, data_source_id, status)"
                        + " VALUES (gen_random_uuid(), 'u', 'q', 'demo', 'DONE')"))
        .rootCause()
        .hasMessageContaining("user_query_status_check");
  }

  @Test
  void shouldRejectRow_whenResultExceedsCap() {
    assertThatThrownBy(
            () ->
                env.execute(
                    "INSERT INTO user_query (id, user_id, question, data_source_id, result)"
                        + " VALUES (gen_random_uuid(), 'u', 'q', 'demo', to_jsonb(repeat('x', 9000000)))"))
        .rootCause()
        .hasMessageContaining("user_query_result_check");
  }
}
