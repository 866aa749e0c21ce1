package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sqm.api.ApiRequest;
import com.sqm.config.IdentitySettings;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.JwtAuthorizer;
import com.sqm.model.Caller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sqm token}: the groups it puts in a dev token, and what it refuses. */
class TokenCommandTest {
  @TempDir Path dataDir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> environment, String... args) {
    return new SqmCli(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment,
            dataDir)
        .run(List.of(args));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** The claims the local authorizer hands the function for the printed token. */
  private Map<String, String> claimsOfPrintedToken() {
    String token = out.toString(StandardCharsets.UTF_8).strip();
    JwtAuthorizer.Decision decision =
        new JwtAuthorizer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC())
            .authorize("Bearer " + token);
    assertThat(decision).isInstanceOf(JwtAuthorizer.Allowed.class);
    return ((JwtAuthorizer.Allowed) decision).claims();
  }

  /** The caller a handler sees for those claims, as API Gateway would pass them. */
  private static Caller callerOf(Map<String, String> claims, IdentitySettings identity) {
    APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt =
        new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
    jwt.setClaims(claims);
    APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
        new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
    authorizer.setJwt(jwt);
    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setAuthorizer(authorizer);
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRequestContext(context);
    return ApiRequest.of(event).caller(identity);
  }

  @Test
  void shouldMakeAnAdminToken_whenAdminAsked() {
    assertThat(run(Map.of(), "token", "root", "--admin")).isZero();

    Map<String, String> claims = claimsOfPrintedToken();
    assertThat(claims).containsEntry("cognito:groups", "[sqm-admins]");
    Caller caller = callerOf(claims, IdentitySettings.DEFAULTS);
    assertThat(caller.id()).isEqualTo("root");
    assertThat(caller.admin()).isTrue();
  }

  @Test
  void shouldListGroupsWithoutAdmin_whenGroupsGiven() {
    assertThat(run(Map.of(), "token", "alice", "--group", "analysts", "--group", "finance"))
        .isZero();

    Map<String, String> claims = claimsOfPrintedToken();
    assertThat(claims).containsEntry("cognito:groups", "[analysts finance]");
    Caller caller = callerOf(claims, IdentitySettings.DEFAULTS);
    assertThat(caller.groups()).containsExactlyInAnyOrder("analysts", "finance");
    assertThat(caller.admin()).isFalse();
  }

  @Test
  void shouldHaveNoGroupsClaim_whenNeitherAdminNorGroupGiven() {
    assertThat(run(Map.of(), "token", "bob")).isZero();

    Map<String, String> claims = claimsOfPrintedToken();
    assertThat(claims).doesNotContainKey("cognito:groups");
    assertThat(callerOf(claims, IdentitySettings.DEFAULTS).admin()).isFalse();
  }

  @Test
  void shouldUseConfiguredClaimAndAdminGroup_whenSettingsGiven() {
    Map<String, String> environment = Map.of("SQM_GROUPS_CLAIM", "scope", "SQM_ADMIN_GROUP", "ops");

    assertThat(run(environment, "token", "carol", "--admin", "--group", "analysts")).isZero();

    Map<String, String> claims = claimsOfPrintedToken();
    // scope is one space-separated string, as OAuth writes it.
    assertThat(claims).containsEntry("scope", "analysts ops").doesNotContainKey("cognito:groups");
    Caller caller = callerOf(claims, IdentitySettings.from(environment::get));
    assertThat(caller.admin()).isTrue();
    assertThat(callerOf(claims, IdentitySettings.DEFAULTS).admin()).isFalse();
  }

  @Test
  void shouldListAdminGroupOnce_whenAlsoGivenAsGroup() {
    assertThat(run(Map.of(), "token", "root", "--admin", "--group", "sqm-admins")).isZero();

    assertThat(claimsOfPrintedToken()).containsEntry("cognito:groups", "[sqm-admins]");
  }

  @Test
  void shouldExitWithUsageError_whenGroupHasABlank() {
    assertThat(run(Map.of(), "token", "alice", "--group", "data team")).isEqualTo(2);
    assertThat(stderr()).contains("--group 'data team'", "blank");
    assertThat(out.size()).isZero();
  }

  @Test
  void shouldExitWithUsageError_whenGroupHasAComma() {
    assertThat(run(Map.of(), "token", "alice", "--group", "a,b")).isEqualTo(2);
    assertThat(stderr()).contains("comma");
  }

  @Test
  void shouldExitWithUsageError_whenGroupHasAControlCharacter() {
    assertThat(run(Map.of(), "token", "alice", "--group", "ops\u0000")).isEqualTo(2);
    assertThat(stderr()).contains("control characters");
  }

  @Test
  void shouldExitWithUsageError_whenGroupIsTooLong() {
    assertThat(run(Map.of(), "token", "alice", "--group", "g".repeat(129))).isEqualTo(2);
    assertThat(stderr()).contains("longer than 128");
  }

  @Test
  void shouldExitWithUsageError_whenGroupHasNoValue() {
    assertThat(run(Map.of(), "token", "alice", "--group")).isEqualTo(2);
    assertThat(stderr()).contains("--group needs a value");
  }

  @Test
  void shouldExitWithUsageError_whenAdminTakesAValue() {
    assertThat(run(Map.of(), "token", "alice", "--admin=yes")).isEqualTo(2);
    assertThat(stderr()).contains("--admin takes no value");
  }

  @Test
  void shouldExitWithUsageError_whenUserIdHasAControlCharacter() {
    assertThat(run(Map.of(), "token", "alice\u0007")).isEqualTo(2);
    assertThat(out.size()).isZero();
  }

  @Test
  void shouldExitWithUsageError_whenUserIdIsTooLong() {
    assertThat(run(Map.of(), "token", "u".repeat(129))).isEqualTo(2);
  }

  @Test
  void shouldExitWithUsageError_whenGroupsClaimIsARegisteredClaim() {
    assertThat(run(Map.of("SQM_GROUPS_CLAIM", "sub"), "token", "alice", "--admin")).isEqualTo(2);
    assertThat(stderr()).contains("SQM_GROUPS_CLAIM");
  }
}
