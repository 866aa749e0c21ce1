package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.store.DataSourceGrantRepository;
import com.sqm.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access decision on the real grant table: who may use which data source. */
class DataSourceAccessIT {
  private static TestEnvironment env;
  private static DataSourceAccess access;
  private static DataSourceGrantRepository grants;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("datasource_access_it");
    access = env.components().dataSourceAccess();
    grants = env.components().grants();
    for (String id : List.of("finance", "hr", "off")) {
      env.components()
          .dataSources()
          .upsert(
              new DataSourceConfig(
                  id, id, null, "secret:" + id, List.of("public"), !id.equals("off"), null));
    }
    grants.grant("finance", "group:finance", "root");
    grants.grant("hr", "user:hanna", "root");
    grants.grant("off", "everyone", "root");
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  private static List<String> visible(Caller caller) {
    return access.visible(caller).stream().map(DataSourceConfig::id).toList();
  }

  @Test
  void shouldListOnlyGrantedEnabledSources_whenAUserAsks() {
    assertThat(visible(Caller.user("carl", "finance")))
        .containsExactlyInAnyOrder(TestEnvironment.DEMO, "finance");
    assertThat(visible(Caller.user("hanna"))).containsExactlyInAnyOrder(TestEnvironment.DEMO, "hr");
    assertThat(visible(Caller.user("bob"))).containsExactly(TestEnvironment.DEMO);
  }

  @Test
  void shouldListEverySource_whenAnAdminAsks() {
    assertThat(visible(Caller.admin("root")))
        .contains(TestEnvironment.DEMO, TestEnvironment.DISABLED, "finance", "hr", "off");
  }

  @Test
  void shouldRefuseForbidden_whenTheGrantIsRevoked() {
    grants.grant("hr", "user:ivo", "root");
    assertThat(access.usable(Caller.user("ivo"), "hr").id()).isEqualTo("hr");

    boolean revoked = grants.revoke("hr", "user:ivo");

    assertThat(revoked).isTrue();
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> access.usable(Caller.user("ivo"), "hr"));
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_FORBIDDEN);
    assertThat(grants.revoke("hr", "user:ivo")).isFalse();
  }

  @Test
  void shouldKeepTheFirstGrant_whenTheSameGrantIsMadeTwice() {
    DataSourceGrantRepository.Grant first = grants.grant("finance", "user:jo", "root");
    DataSourceGrantRepository.Grant again = grants.grant("finance", "user:jo", "other-admin");

    assertThat(again.grantedBy()).isEqualTo("root");
    assertThat(again.grantedAt()).isEqualTo(first.grantedAt());
    assertThat(grants.grantsOf("finance"))
        .extracting(DataSourceGrantRepository.Grant::principal)
        .containsExactly("group:finance", "user:jo");
  }

  @Test
  void shouldRefuseAPrincipalOfAnotherShape_whenItReachesTheTable() {
    // The migration's CHECK is the last line behind the service's validation.
    assertThat(
            catchThrowableOfType(
                SqmException.class, () -> grants.grant("finance", "role:x", "root")))
        .isNotNull();
  }
}
