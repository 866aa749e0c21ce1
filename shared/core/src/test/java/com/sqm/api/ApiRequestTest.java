package com.sqm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sqm.config.IdentitySettings;
import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryRequest;
import com.sqm.model.SqmException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

  @Test
  void shouldReturnSubClaim_whenAuthorizerVerifiedJwt() {
    APIGatewayV2HTTPEvent event = withCaller("user-1");

    assertThat(ApiRequest.of(event).callerId()).isEqualTo("user-1");
  }

  @Test
  void shouldRejectAsUnauthorized_whenSubHoldsANulOrIsTooLong() {
    APIGatewayV2HTTPEvent nul = withCaller("alice\u0000admin");
    APIGatewayV2HTTPEvent tooLong = withCaller("a".repeat(ApiRequest.MAX_CALLER_ID_LENGTH + 1));

    assertError(() -> ApiRequest.of(nul).callerId(), ErrorCode.UNAUTHORIZED, null);
    assertError(() -> ApiRequest.of(tooLong).callerId(), ErrorCode.UNAUTHORIZED, null);
  }

  @Test
  void shouldMakeCallerAdmin_whenGroupsClaimListsTheAdminGroup() {
    var identity = new IdentitySettings("cognito:groups", "sqm-admins");
    var admin = withClaims(Map.of("sub", "carol", "cognito:groups", "[analysts sqm-admins]"));
    var analyst = withClaims(Map.of("sub", "alice", "cognito:groups", "[analysts]"));

    assertThat(ApiRequest.of(admin).caller(identity))
        .isEqualTo(new Caller("carol", Set.of("analysts", "sqm-admins"), true));
    assertThat(ApiRequest.of(analyst).caller(identity))
        .isEqualTo(new Caller("alice", Set.of("analysts"), false));
  }

  @Test
  void shouldReadGroupsFromScope_whenConfiguredSo() {
    var identity = new IdentitySettings("scope", "sqm/admin");
    var event =
        withClaims(Map.of("sub", "svc-1", "scope", "openid sqm/admin", "cognito:groups", "[x]"));

    Caller caller = ApiRequest.of(event).caller(identity);

    assertThat(caller.admin()).isTrue();
    assertThat(caller.groups()).containsExactlyInAnyOrder("openid", "sqm/admin");
  }

  @Test
  void shouldNotBeAdmin_whenGroupsClaimIsAbsent() {
    Caller caller = ApiRequest.of(withCaller("bob")).caller(IdentitySettings.DEFAULTS);

    assertThat(caller.admin()).isFalse();
    assertThat(caller.principals()).containsExactly("user:bob", "everyone");
  }

  @Test
  void shouldRejectAsUnauthorized_whenNoAuthorizer() {
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().build();

    assertError(() -> ApiRequest.of(event).callerId(), ErrorCode.UNAUTHORIZED, null);
  }

  @Test
  void shouldDecodeBody_whenBase64Encoded() {
    String json = "{\"question\":\"How many orders?\"}";
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withBody(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
            .withIsBase64Encoded(true)
            .build();

    assertThat(ApiRequest.of(event).body(QueryRequest.class).question())
        .isEqualTo("How many orders?");
  }

  @Test
  void shouldRejectAsInvalidJson_whenBase64BodyIsNotUtf8() {
    byte[] latin1 =
        "{\"question\":\"Umsatz f\u00fcr M\u00e4rz?\"}".getBytes(StandardCharsets.ISO_8859_1);
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withBody(Base64.getEncoder().encodeToString(latin1))
            .withIsBase64Encoded(true)
            .build();

    assertError(() -> ApiRequest.of(event).body(QueryRequest.class), ErrorCode.INVALID_JSON, null);
  }

  @Test
  void shouldRejectAsInvalidJson_whenBodyTruncated() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder().withBody("{\"question\": \"q\",").build();

    assertError(() -> ApiRequest.of(event).body(QueryRequest.class), ErrorCode.INVALID_JSON, null);
  }

  @Test
  void shouldRejectAsInvalidJson_whenBodyMissing() {
    APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().build();

    assertError(() -> ApiRequest.of(event).body(QueryRequest.class), ErrorCode.INVALID_JSON, null);
  }

  @Test
  void shouldRejectAsInvalidJson_whenBodyIsNotAnObject() {
    for (String body : new String[] {"null", "[1,2]", "\"text\""}) {
      APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withBody(body).build();

      assertError(
          () -> ApiRequest.of(event).body(QueryRequest.class), ErrorCode.INVALID_JSON, null);
    }
  }

  @Test
  void shouldNameField_whenValueHasWrongType() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withBody("{\"question\":\"q\",\"options\":{\"maxRows\":\"ten\"}}")
            .build();

    assertThatThrownBy(() -> ApiRequest.of(event).body(QueryRequest.class))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
              assertThat(e.field()).isEqualTo("options.maxRows");
              assertThat(e.getMessage()).isEqualTo("field 'options.maxRows' must be an integer");
            });
  }

  @Test
  void shouldNameField_whenFieldUnknown() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder().withBody("{\"questoin\":\"q\"}").build();

    assertError(
        () -> ApiRequest.of(event).body(QueryRequest.class), ErrorCode.INVALID_JSON, "questoin");
  }

  @Test
  void shouldRejectId_whenNotUuid() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder().withPathParameters(Map.of("id", "42")).build();

    assertError(
        () -> ApiRequest.of(event).uuidPathParameter("id"), ErrorCode.VALIDATION_ERROR, "id");
  }

  @Test
  void shouldParseId_whenUuid() {
    UUID id = UUID.randomUUID();
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder().withPathParameters(Map.of("id", id.toString())).build();

    assertThat(ApiRequest.of(event).uuidPathParameter("id")).isEqualTo(id);
  }

  @Test
  void shouldFindHeader_whenCaseDiffers() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder().withHeaders(Map.of("Idempotency-Key", "k-1")).build();

    assertThat(ApiRequest.of(event).header("idempotency-key")).contains("k-1");
  }

  @Test
  void shouldRejectLimit_whenNotInteger() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder().withQueryStringParameters(Map.of("limit", "many")).build();

    assertError(
        () -> ApiRequest.of(event).intQueryParameter("limit"), ErrorCode.VALIDATION_ERROR, "limit");
  }

  static APIGatewayV2HTTPEvent withCaller(String sub) {
    return withClaims(Map.of("sub", sub));
  }

  static APIGatewayV2HTTPEvent withClaims(Map<String, String> claims) {
    var jwt =
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build();
    var authorizer = APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build();
    var context = APIGatewayV2HTTPEvent.RequestContext.builder().withAuthorizer(authorizer).build();
    return APIGatewayV2HTTPEvent.builder().withRequestContext(context).build();
  }

  private static void assertError(ThrowingCallable call, ErrorCode code, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).isNotBlank();
            });
  }
}
