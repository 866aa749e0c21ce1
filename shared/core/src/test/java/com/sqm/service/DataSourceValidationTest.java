package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.DataSourceRequest;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.model.TemplateRequest;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSourceValidationTest {
  private static SqmException invalid(ThrowingCallable call) {
    SqmException error = catchThrowableOfType(SqmException.class, call);
    assertThat(error).isNotNull();
    assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    return error;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "secret:shop-reader",
        "secret:arn:aws:secretsmanager:eu-west-1:123456789012:secret:sqm/shop-AbCdEf",
        "env:SHOP_DB_URL",
        "jdbc:postgresql://db:5432/shop?sslmode=require"
      })
  void shouldAcceptAReference_whenConnectionRefNamesNoCredential(String ref) {
    assertThat(DataSourceValidation.connectionRef(ref)).isEqualTo(ref);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://db/shop?user=u&password=Hunter22",
        "jdbc:postgresql://db/shop?user=u&PASSWORD=Hunter22",
        "jdbc:postgresql://u:Hunter22@db/shop",
        "jdbc:postgresql://db/shop?sslmode=verify-full&sslpassword=Hunter22"
      })
  void shouldRefuseWithoutRepeatingIt_whenConnectionRefCarriesAPassword(String ref) {
    SqmException error = invalid(() -> DataSourceValidation.connectionRef(ref));

    assertThat(error.field()).isEqualTo("connectionRef");
    assertThat(error.getMessage()).doesNotContain("Hunter22").contains("secret:NAME");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "shop-reader", "secret:", "secret:a b", "env:1X", "mysql://db"})
  void shouldRefuseNamingConnectionRef_whenItIsNoReference(String ref) {
    assertThat(invalid(() -> DataSourceValidation.connectionRef(ref)).field())
        .isEqualTo("connectionRef");
  }

  @ParameterizedTest
  @ValueSource(strings = {"user:alice", "group:finance", "everyone", "user:a@b.example"})
  void shouldAcceptThePrincipal_whenItIsUserGroupOrEveryone(String principal) {
    assertThat(DataSourceValidation.principal(principal)).isEqualTo(principal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "user:", "group:", "Everyone", "role:x", "user: alice"})
  void shouldRefuseNamingPrincipal_whenItIsNotAValidPrincipal(String principal) {
    assertThat(invalid(() -> DataSourceValidation.principal(principal)).field())
        .isEqualTo("principal");
  }

  @Test
  void shouldRefuseNamingPrincipal_whenTheNameIsTooLongOrHoldsControlCharacters() {
    assertThat(invalid(() -> DataSourceValidation.principal("user:" + "a".repeat(129))).field())
        .isEqualTo("principal");
    assertThat(invalid(() -> DataSourceValidation.principal("group:a\u0000b")).field())
        .isEqualTo("principal");
  }

  @Test
  void shouldTakeDefaults_whenOptionalFieldsAreMissing() {
    DataSourceConfig config =
        DataSourceValidation.dataSource(
            "shop", new DataSourceRequest("shop", " Shop ", null, "secret:s", null, null, null));

    assertThat(config.name()).isEqualTo("Shop");
    assertThat(config.allowedSchemas()).containsExactly("public");
    assertThat(config.enabled()).isTrue();
    assertThat(config.limits()).isEqualTo(DataSourceLimits.DEFAULTS);
  }

  @Test
  void shouldNameTheLimit_whenALimitIsOutOfRange() {
    assertThat(limitField(new DataSourceRequest.Limits(50L, null, null, null, null)))
        .isEqualTo("limits.statementTimeoutMs");
    assertThat(limitField(new DataSourceRequest.Limits(null, 10_001, null, null, null)))
        .isEqualTo("limits.maxRows");
    assertThat(limitField(new DataSourceRequest.Limits(null, null, 10L, null, null)))
        .isEqualTo("limits.maxResultBytes");
    assertThat(limitField(new DataSourceRequest.Limits(null, null, null, -1.0, null)))
        .isEqualTo("limits.maxCost");
    assertThat(limitField(new DataSourceRequest.Limits(null, null, null, null, Double.NaN)))
        .isEqualTo("limits.maxEstimatedRows");
  }

  private static String limitField(DataSourceRequest.Limits limits) {
    return invalid(() -> DataSourceValidation.limits(limits)).field();
  }

  @Test
  void shouldNameTheSchema_whenASchemaIsNotAnIdentifierOrRepeated() {
    assertThat(
            invalid(() -> DataSourceValidation.schemas(List.of("public", "sales\"; --"))).field())
        .isEqualTo("allowedSchemas[1]");
    assertThat(invalid(() -> DataSourceValidation.schemas(List.of("a", "a"))).field())
        .isEqualTo("allowedSchemas[1]");
    assertThat(invalid(() -> DataSourceValidation.schemas(Arrays.asList("a", null))).field())
        .isEqualTo("allowedSchemas[1]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-shop", "shop/eu", "a b", "ü"})
  void shouldRefuseNamingId_whenTheIdIsNotUsable(String id) {
    assertThat(invalid(() -> DataSourceValidation.id(id, "id")).field()).isEqualTo("id");
  }

  @Test
  void shouldNameTheField_whenATemplateFieldIsMissingOrTooLong() {
    assertThat(
            invalid(() -> DataSourceValidation.template(new TemplateRequest("n", "q", " ", null)))
                .field())
        .isEqualTo("sql");
    assertThat(
            invalid(
                    () ->
                        DataSourceValidation.template(
                            new TemplateRequest(null, "q", "SELECT 1", null)))
                .field())
        .isEqualTo("name");
    assertThat(
            invalid(
                    () ->
                        DataSourceValidation.template(
                            new TemplateRequest("n", "q".repeat(2001), "SELECT 1", null)))
                .field())
        .isEqualTo("exampleQuestion");
  }
}
