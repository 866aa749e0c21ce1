package com.sqm.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SecretReferenceTest {
  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:CacheAuthToken-AbC123";

  private final List<String> asked = new ArrayList<>();
  private int storesBuilt;

  private Supplier<SecretStore> store(String value) {
    return () -> {
      storesBuilt++;
      return name -> {
        asked.add(name);
        return value;
      };
    };
  }

  @Test
  void shouldKeepThePlainValueAndBuildNoStore_whenSettingIsNoReference() {
    // Act
    Optional<String> value =
        SecretReference.resolve("SQM_REDIS_PASSWORD", Optional.of("plain-token"), store("x"));

    // Assert
    assertThat(value).contains("plain-token");
    assertThat(storesBuilt).isZero();
  }

  @Test
  void shouldStayEmpty_whenSettingIsUnset() {
    // Act
    Optional<String> value =
        SecretReference.resolve("SQM_REDIS_PASSWORD", Optional.empty(), store("x"));

    // Assert
    assertThat(value).isEmpty();
    assertThat(storesBuilt).isZero();
  }

  @Test
  void shouldReadTheSecretByItsWholeArn_whenSettingIsAReference() {
    // Act
    Optional<String> value =
        SecretReference.resolve(
            "SQM_REDIS_PASSWORD", Optional.of(" secret:" + ARN + " "), store("the-token\n"));

    // Assert
    assertThat(value).contains("the-token");
    assertThat(asked).containsExactly(ARN);
  }

  @Test
  void shouldNameTheSetting_whenTheReferenceNamesNoSecret() {
    // Act
    IllegalStateException error =
        catchThrowableOfType(
            IllegalStateException.class,
            () ->
                SecretReference.resolve("SQM_REDIS_PASSWORD", Optional.of("secret: "), store("x")));

    // Assert
    assertThat(error.getMessage()).isEqualTo("SQM_REDIS_PASSWORD says secret: but names no secret");
    assertThat(storesBuilt).isZero();
  }

  @Test
  void shouldNameTheSettingAndSecret_whenTheSecretCannotBeRead() {
    // Arrange
    Supplier<SecretStore> failing =
        () ->
            name -> {
              throw new SqmException(
                  ErrorCode.DATASOURCE_ERROR, "there is no secret '" + name + "'", "connectionRef");
            };

    // Act
    IllegalStateException error =
        catchThrowableOfType(
            IllegalStateException.class,
            () ->
                SecretReference.resolve(
                    "SQM_REDIS_PASSWORD", Optional.of("secret:" + ARN), failing));

    // Assert
    assertThat(error.getMessage())
        .isEqualTo(
            "SQM_REDIS_PASSWORD refers to a secret that cannot be read: there is no secret '"
                + ARN
                + "'");
  }
}
