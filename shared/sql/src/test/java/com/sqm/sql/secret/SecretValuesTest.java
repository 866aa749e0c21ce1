package com.sqm.sql.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretValuesTest {
  @Test
  void shouldKeepTheUrl_whenTheSecretIsAJdbcUrl() {
    String url = SecretValues.jdbcUrl("s", "  jdbc:postgresql://db/x?user=u&password=p \n");

    assertThat(url).isEqualTo("jdbc:postgresql://db/x?user=u&password=p");
  }

  @Test
  void shouldBuildTheUrl_whenTheSecretIsRdsJson() {
    String url =
        SecretValues.jdbcUrl(
            "s",
            "{\"engine\":\"postgres\",\"host\":\"h\",\"port\":6432,\"dbname\":\"shop\","
                + "\"username\":\"reader\",\"password\":\"a&b=c\"}");

    assertThat(url).isEqualTo("jdbc:postgresql://h:6432/shop?user=reader&password=a%26b%3Dc");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://db/x?password=topsecret",
        "{\"engine\":\"mysql\",\"host\":\"h\",\"username\":\"u\",\"password\":\"topsecret\"}",
        "{\"host\":\"h\",\"password\":\"topsecret\"}",
        "{not json topsecret"
      })
  void shouldRefuseWithoutShowingTheValue_whenTheSecretIsNotUsable(String value) {
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> SecretValues.jdbcUrl("sqm/shop", value));

    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.field()).isEqualTo("connectionRef");
    assertThat(error.getMessage()).contains("sqm/shop").doesNotContain("topsecret");
  }
}
