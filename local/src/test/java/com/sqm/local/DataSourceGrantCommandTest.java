package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSourceGrantCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final DataSourceGrantCommand command =
      new DataSourceGrantCommand(new PrintStream(out, true, StandardCharsets.UTF_8), Map.of());

  @Test
  void shouldPrintRedactedScript_whenNotApplying() throws Exception {
    int code =
        command.run(
            List.of(
                "grant",
                "--role",
                "shop_reader",
                "--schema",
                "sales",
                "--schema",
                "public",
                "--role-password",
                "s3cret"));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(printed)
        .contains(
            "GRANT SELECT ON ALL TABLES IN SCHEMA sales TO shop_reader",
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO shop_reader",
            "'***'")
        .doesNotContain("s3cret");
  }

  @Test
  void shouldShowPassword_whenAskedTo() throws Exception {
    command.run(
        List.of("grant", "--role", "shop_reader", "--role-password", "s3cret", "--show-password"));

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("'s3cret'");
  }

  @Test
  void shouldTakeAdminConnection_whenApplying() throws Exception {
    DataSourceGrantCommand.Request request =
        command.parse(
            List.of(
                "grant",
                "--role",
                "r",
                "--apply",
                "--jdbc-url",
                "jdbc:postgresql://db/shop",
                "--user",
                "admin",
                "--password",
                "pw"));

    assertThat(request.applyTo())
        .isEqualTo(new MigrateCommand.Target("jdbc:postgresql://db/shop", "admin", "pw"));
    assertThat(request.grants().schemas()).containsExactly("public");
  }

  @Test
  void shouldRejectUsage_whenSubCommandOrRoleMissingOrInvalid() {
    assertThatThrownBy(() -> command.parse(List.of())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> command.parse(List.of("revoke"))).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> command.parse(List.of("grant")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--role is required");
    assertThatThrownBy(() -> command.parse(List.of("grant", "--role", "Robert'); DROP")))
        .isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> command.parse(List.of("grant", "--role", "r", "--apply")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--jdbc-url is required");
    assertThatThrownBy(
            () ->
                command.parse(
                    List.of("grant", "--role", "r", "--jdbc-url", "jdbc:postgresql://x/y")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("only used with --apply");
  }
}
