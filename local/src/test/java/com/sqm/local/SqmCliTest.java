package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.local.runtime.LocalWorkerSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqmCliTest {
  @TempDir Path dataDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    SqmCli cli =
        new SqmCli(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dataDir);
    return cli.run(List.of(args));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPrintUsage_whenHelpAsked() {
    assertThat(run("help")).isZero();
    assertThat(stdout())
        .contains(
            "Usage: ./sqm <command>",
            "dev [--port 3000]",
            "token <user>",
            "migrate --jdbc-url",
            "eval --dataset DIR");
  }

  @Test
  void shouldExitWithUsageError_whenNoCommand() {
    assertThat(run()).isEqualTo(2);
    assertThat(stderr()).contains("no command given", "./sqm help");
  }

  @Test
  void shouldExitWithUsageError_whenCommandUnknown() {
    assertThat(run("deploy")).isEqualTo(2);
    assertThat(stderr()).contains("unknown command 'deploy'").doesNotContain("Exception");
  }

  @Test
  void shouldPrintTokenAcceptedBySameDataDir_whenTokenAsked() {
    assertThat(run("token", "alice")).isZero();

    String token = stdout().strip();
    assertThat(token.split("\\.")).hasSize(3);
    assertThat(
            new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC())
                .authorize("Bearer " + token))
        .isInstanceOfSatisfying(
            JwtAuthorizer.Allowed.class,
            allowed -> assertThat(allowed.claims()).containsEntry("sub", "alice"));
  }

  @Test
  void shouldExitWithUsageError_whenTokenHasNoUser() {
    assertThat(run("token")).isEqualTo(2);
    assertThat(stderr()).contains("token needs a user id");
  }

  @Test
  void shouldExitWithUsageError_whenUserIdHasSpaces() {
    assertThat(run("token", "alice smith")).isEqualTo(2);
  }

  @Test
  void shouldParseTokenOptions_whenGiven() throws Exception {
    TokenCommand.Request request =
        new TokenCommand(System.out, dataDir, Map.of())
            .parse(List.of("bob", "--ttl-hours", "2", "--data-dir", "/tmp/elsewhere"));

    assertThat(request)
        .isEqualTo(
            new TokenCommand.Request(
                "bob", List.of(), Path.of("/tmp/elsewhere"), Duration.ofHours(2)));
  }

  @Test
  void shouldUseDefaults_whenDevHasNoOptions() throws Exception {
    LocalRuntimeOptions options = new DevCommand(System.out, dataDir, Map.of()).options(List.of());

    assertThat(options.dataDir()).isEqualTo(dataDir);
    assertThat(options.httpPort()).isEqualTo(3000);
    assertThat(options.sqsPort()).isZero();
  }

  @Test
  void shouldTakePortAndDataDir_whenDevHasOptions() throws Exception {
    LocalRuntimeOptions options =
        new DevCommand(System.out, dataDir, Map.of())
            .options(List.of("--port", "3100", "--data-dir", "/tmp/sqm-x", "--sqs-port", "9324"));

    assertThat(options.httpPort()).isEqualTo(3100);
    assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/sqm-x"));
    assertThat(options.sqsPort()).isEqualTo(9324);
  }

  @Test
  void shouldPassWorkerConcurrencyToRuntime_whenDevHasWorkerConcurrency() throws Exception {
    LocalRuntimeOptions options =
        new DevCommand(System.out, dataDir, Map.of("SQM_ENGINE", "offline"))
            .options(List.of("--worker-concurrency", "8", "--port", "0"));

    assertThat(LocalWorkerSettings.from(options.environment()).concurrency()).isEqualTo(8);
    assertThat(options.environment()).containsEntry("SQM_ENGINE", "offline");
    assertThat(options.httpPort()).isZero();
  }

  @Test
  void shouldExitWithUsageError_whenWorkerConcurrencyOutOfRange() {
    assertThat(run("dev", "--worker-concurrency", "0")).isEqualTo(2);
    assertThat(stderr()).contains("--worker-concurrency");
  }

  @Test
  void shouldExitWithUsageError_whenDlqActionMissing() {
    assertThat(run("dlq")).isEqualTo(2);
    assertThat(stderr()).contains("dlq needs 'list' or 'redrive'");
  }

  @Test
  void shouldExitWithUsageError_whenDevPortInvalid() {
    assertThat(run("dev", "--port", "zero")).isEqualTo(2);
    assertThat(stderr()).contains("--port must be a whole number");
  }

  @Test
  void shouldExitWithUsageError_whenMigrateHasNoUrl() {
    assertThat(run("migrate")).isEqualTo(2);
    assertThat(stderr()).contains("--jdbc-url is required");
  }

  @Test
  void shouldReadPasswordFromEnvironment_whenMigrateHasNoPasswordOption() throws Exception {
    MigrateCommand.Target target =
        new MigrateCommand(System.out, Map.of("PGPASSWORD", "s3cret"))
            .parse(List.of("--jdbc-url", "jdbc:postgresql://db:5432/sqm", "--user", "admin"));

    assertThat(target)
        .isEqualTo(new MigrateCommand.Target("jdbc:postgresql://db:5432/sqm", "admin", "s3cret"));
  }

  @Test
  void shouldFailInOneLine_whenMigrateCannotConnect() {
    int code = run("migrate", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nope?connectTimeout=1");

    assertThat(code).isEqualTo(1);
    assertThat(stderr()).startsWith("sqm migrate: ").doesNotContain("\tat ");
    assertThat(stderr().strip().lines()).hasSize(1);
  }
}
