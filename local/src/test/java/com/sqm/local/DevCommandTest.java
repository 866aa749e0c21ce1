package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.IdentityProviderSettings;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.local.runtime.LocalRuntimeOptions;
import com.sqm.testing.CapturedLog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sqm dev}'s identity provider options. */
class DevCommandTest {
  @TempDir Path dataDir;

  private LocalRuntimeOptions options(String... args) throws UsageException {
    return new DevCommand(System.out, dataDir, Map.of()).options(List.of(args));
  }

  @Test
  void shouldHandTheProviderToTheRuntime_whenJwksUrlIssuerAndAudienceGiven() throws Exception {
    LocalRuntimeOptions options =
        options(
            "--jwks-url",
            "https://idp.example.test/pool/.well-known/jwks.json",
            "--issuer",
            "https://idp.example.test/pool",
            "--audience",
            "client-1");

    IdentityProviderSettings provider =
        IdentityProviderSettings.from(options.environment()).orElseThrow();
    assertThat(provider.jwksUrl())
        .isEqualTo(URI.create("https://idp.example.test/pool/.well-known/jwks.json"));
    assertThat(provider.issuer()).isEqualTo("https://idp.example.test/pool");
    assertThat(provider.audience()).isEqualTo("client-1");
  }

  @Test
  void shouldPrintAPlaygroundLinkWithAnAcceptedTokenInItsFragment_whenUsingDevTokens()
      throws Exception {
    String line;
    List<String> logged;
    try (CapturedLog log = CapturedLog.attach()) {
      line = DevCommand.playgroundLine(URI.create("http://127.0.0.1:3000"), options());
      logged = log.lines();
    }

    assertThat(line).startsWith("http://127.0.0.1:3000/#token=");
    String token = line.substring(line.indexOf("#token=") + 7).split(" ")[0];
    assertThat(URI.create(line.split(" ")[0]).getRawQuery())
        .as("the token never travels in a query string")
        .isNull();
    JwtAuthorizer.Decision decision =
        new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC())
            .authorize("Bearer " + token);
    assertThat(decision).isInstanceOf(JwtAuthorizer.Allowed.class);
    assertThat(((JwtAuthorizer.Allowed) decision).claims())
        .containsEntry("sub", DevCommand.PLAYGROUND_USER);
    // Printed on the console for the developer (as Jupyter does), never logged.
    assertThat(logged).noneMatch(entry -> entry.contains(token));
  }

  @Test
  void shouldPrintThePlaygroundWithoutAToken_whenAnIdentityProviderSignsIn() throws Exception {
    LocalRuntimeOptions options =
        options(
            "--jwks-url",
            "https://idp.example.test/pool/.well-known/jwks.json",
            "--issuer",
            "https://idp.example.test/pool",
            "--audience",
            "client-1");

    String line = DevCommand.playgroundLine(URI.create("http://127.0.0.1:3000"), options);

    assertThat(line).startsWith("http://127.0.0.1:3000/ ").doesNotContain("token=");
  }

  @Test
  void shouldUseDevTokens_whenNoJwksUrlGiven() throws Exception {
    assertThat(IdentityProviderSettings.from(options().environment())).isEmpty();
  }

  @Test
  void shouldExitWithUsageError_whenJwksUrlHasNoIssuer() {
    assertThatThrownBy(
            () -> options("--jwks-url", "https://idp.example.test/jwks", "--audience", "a"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--issuer is required");
  }

  @Test
  void shouldExitWithUsageError_whenJwksUrlHasNoAudience() {
    assertThatThrownBy(
            () -> options("--jwks-url", "https://idp.example.test/jwks", "--issuer", "i"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--audience is required");
  }

  @Test
  void shouldExitWithUsageError_whenIssuerGivenWithoutJwksUrl() {
    assertThatThrownBy(() -> options("--issuer", "i", "--audience", "a"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("go with --jwks-url");
  }

  @Test
  void shouldExitWithUsageError_whenJwksUrlIsNotHttp() {
    assertThatThrownBy(
            () -> options("--jwks-url", "file:///etc/passwd", "--issuer", "i", "--audience", "a"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("http(s) URL");
  }

  @Test
  void shouldExitWithUsageError_whenJwksUrlIsMalformed() {
    assertThatThrownBy(
            () -> options("--jwks-url", "https://bad host/", "--issuer", "i", "--audience", "a"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--jwks-url");
  }

  @Test
  void shouldRefuseToStart_whenEnvironmentNamesAnIssuerWithoutJwksUrl() {
    assertThatThrownBy(
            () -> IdentityProviderSettings.from(Map.of(IdentityProviderSettings.ISSUER, "i")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JWKS URL");
  }

  @Test
  void shouldExitWithUsageError_whenEnvFileGivenWithoutExternal() {
    assertThatThrownBy(() -> options("--env-file", ".env"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--env-file goes with --external");
  }

  @Test
  void shouldStartEmbeddedServices_whenNoExternalGiven() throws Exception {
    assertThat(options().externalServices()).isEmpty();
  }

  @Test
  void shouldPreferTheEnvironment_whenEnvFileSetsTheSameVariable() throws Exception {
    Path envFile = dataDir.resolve("test.env");
    Files.writeString(
        envFile,
        String.join(
            "\n",
            "SQM_DB_URL=jdbc:postgresql://localhost:5432/sqm",
            "SQM_DB_USER=postgres",
            "SQM_DB_PASSWORD=from-file",
            "SQM_REDIS_URL=redis://localhost:6379",
            "SQM_SQS_ENDPOINT=http://localhost:4566",
            "SQM_QUEUE_URL=http://localhost:4566/000000000000/sqm-queries"));
    DevCommand command =
        new DevCommand(System.out, dataDir, Map.of("SQM_DB_PASSWORD", "from-environment"));

    LocalRuntimeOptions options =
        command.options(List.of("--external", "--env-file", envFile.toString()));

    assertThat(options.externalServices().orElseThrow().databasePassword())
        .isEqualTo("from-environment");
    assertThat(options.environment()).containsEntry("SQM_REDIS_URL", "redis://localhost:6379");
  }
}
