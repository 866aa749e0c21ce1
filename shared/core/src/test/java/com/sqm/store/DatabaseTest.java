package com.sqm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.config.AppConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.secret.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DatabaseTest {
  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbC123";

  private final List<String> asked = new ArrayList<>();

  private static AppConfig config(String password) {
    return AppConfig.from(
        Map.of(
            "SQM_DB_URL", "jdbc:postgresql://127.0.0.1:1/none",
            "SQM_QUEUE_URL", "http://127.0.0.1:1/000000000000/none",
            "SQM_DB_PASSWORD", password));
  }

  private Supplier<SecretStore> store(String value) {
    return () ->
        name -> {
          asked.add(name);
          return value;
        };
  }

  @Test
  void shouldUseThePlainPassword_whenSettingIsNoReference() {
    // Act
    String password = Database.password(config("{plain}"), store("unused"));

    // Assert
    assertThat(password).isEqualTo("{plain}");
    assertThat(asked).isEmpty();
  }

  @Test
  void shouldTakeThePasswordField_whenReferenceNamesTheRdsManagedSecret() {
    // Act
    String password =
        Database.password(
            config("secret:" + ARN), store("{\"username\":\"sqm_app\",\"password\":\"s3cr3t\"}"));

    // Assert
    assertThat(password).isEqualTo("s3cr3t");
    assertThat(asked).containsExactly(ARN);
  }

  @Test
  void shouldUseTheWholeSecret_whenReferenceNamesAPlainSecret() {
    // Act
    String password = Database.password(config("secret:sqm/db"), store("plain-secret"));

    // Assert
    assertThat(password).isEqualTo("plain-secret");
  }

  @Test
  void shouldUseTheWholeSecret_whenItStartsWithABraceButIsNoJson() {
    // Act
    String password = Database.password(config("secret:sqm/db"), store("{not json"));

    // Assert
    assertThat(password).isEqualTo("{not json");
  }

  @Test
  void shouldFailNamingTheSetting_whenJsonSecretHasNoPassword() {
    // Act / Assert
    assertThatThrownBy(
            () -> Database.password(config("secret:" + ARN), store("{\"username\":\"sqm_app\"}")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SQM_DB_PASSWORD")
        .hasMessageNotContaining("sqm_app");
  }

  @Test
  void shouldFailNamingTheSetting_whenSecretCannotBeRead() {
    // Arrange
    Supplier<SecretStore> failing =
        () ->
            name -> {
              throw new SqmException(ErrorCode.INTERNAL_ERROR, "secret " + name + " not found");
            };

    // Act / Assert
    assertThatThrownBy(() -> Database.password(config("secret:" + ARN), failing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SQM_DB_PASSWORD");
  }
}
