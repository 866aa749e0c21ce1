package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.embedded.FreePort;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataSourceAccessCheckIT {
  private static final String WRITER = "sqm_check_writer";
  private static final String CREATOR = "sqm_check_creator";
  private static TestDatabase db;
  private final DataSourceAccessCheck check = new DataSourceAccessCheck();

  @BeforeAll
  static void start() throws SQLException {
    db = TestDatabase.get();
    try (Connection c = db.admin().getConnection();
        Statement s = c.createStatement()) {
      // Roles belong to the whole (shared) server: the first test class of the JVM creates them.
      try (var rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + WRITER + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE ROLE " + WRITER + " LOGIN PASSWORD 'w'");
      s.execute("GRANT USAGE ON SCHEMA public TO " + WRITER);
      s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + WRITER);
      s.execute("GRANT UPDATE ON public.orders TO " + WRITER);
      s.execute("CREATE ROLE " + CREATOR + " LOGIN PASSWORD 'c'");
      s.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + CREATOR);
    }
  }

  @Test
  void shouldFindNoWay_whenRoleMadeByReaderRoleGrants() {
    DataSourceAccessCheck.Report report = check.inspect(db.readerUrl(), List.of("public"));

    assertThat(report.role()).isEqualTo(TestDatabase.READER);
    assertThat(report.superuser()).isFalse();
    assertThat(report.writePrivileges()).isEmpty();
    assertThat(report.canWrite()).isFalse();
    assertThat(report.missingSchemas()).isEmpty();
    assertThat(report.serverVersion()).startsWith("14");
  }

  @Test
  void shouldReportSuperuser_whenConnectedAsPostgres() {
    String url = SharedTestServices.postgres().jdbcUrl(TestDatabase.NAME);

    DataSourceAccessCheck.Report report = check.inspect(url, List.of("public"));

    assertThat(report.superuser()).isTrue();
    assertThat(report.canWrite()).isTrue();
  }

  @Test
  void shouldNameTheTable_whenRoleMayUpdateOne() {
    DataSourceAccessCheck.Report report =
        check.inspect(urlAs(WRITER, "w"), List.of("public", "secret"));

    assertThat(report.writePrivileges()).containsExactly("UPDATE on public.orders");
    assertThat(report.canWrite()).isTrue();
  }

  @Test
  void shouldReportCreate_whenRoleMayCreateInSchema() {
    DataSourceAccessCheck.Report report = check.inspect(urlAs(CREATOR, "c"), List.of("public"));

    assertThat(report.writePrivileges()).containsExactly("CREATE on schema public");
  }

  @Test
  void shouldListMissingSchemas_whenAllowedSchemaDoesNotExist() {
    DataSourceAccessCheck.Report report =
        check.inspect(db.readerUrl(), List.of("public", "warehouse"));

    assertThat(report.missingSchemas()).containsExactly("warehouse");
  }

  @Test
  void shouldFailWithDriversSentence_whenNothingListens() {
    String url = "jdbc:postgresql://127.0.0.1:" + FreePort.find() + "/x?user=u&password=secret";

    assertThatThrownBy(() -> check.inspect(url, List.of("public")))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
              assertThat(e.getMessage()).startsWith("cannot connect").doesNotContain("secret");
            });
  }

  private static String urlAs(String user, String password) {
    return "jdbc:postgresql://localhost:"
        + SharedTestServices.postgres().port()
        + "/"
        + TestDatabase.NAME
        + "?user="
        + user
        + "&password="
        + password;
  }
}
