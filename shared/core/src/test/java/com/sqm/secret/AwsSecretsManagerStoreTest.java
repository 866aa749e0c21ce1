package com.sqm.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class AwsSecretsManagerStoreTest {
  private final List<String> asked = new ArrayList<>();

  /** Answers from a fixed table, as Secrets Manager would; no network. */
  private SecretsManagerClient client(RuntimeException failure, String value) {
    return new SecretsManagerClient() {
      @Override
      public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
        asked.add(request.secretId());
        if (failure != null) {
          throw failure;
        }
        return GetSecretValueResponse.builder().secretString(value).build();
      }

      @Override
      public String serviceName() {
        return "secretsmanager";
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void shouldReturnTheSecretString_whenTheSecretExists() {
    AwsSecretsManagerStore store =
        new AwsSecretsManagerStore(() -> client(null, "jdbc:postgresql://db/x"));

    String value = store.value("arn:aws:secretsmanager:eu-west-1:1:secret:sqm/shop-AbCdEf");

    assertThat(value).isEqualTo("jdbc:postgresql://db/x");
    assertThat(asked).containsExactly("arn:aws:secretsmanager:eu-west-1:1:secret:sqm/shop-AbCdEf");
  }

  @Test
  void shouldFailNamingTheSecret_whenItDoesNotExist() {
    AwsSecretsManagerStore store =
        new AwsSecretsManagerStore(
            () -> client(ResourceNotFoundException.builder().message("gone").build(), null));

    SqmException error = catchThrowableOfType(SqmException.class, () -> store.value("sqm/shop"));

    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.field()).isEqualTo("connectionRef");
    assertThat(error.getMessage()).isEqualTo("there is no secret 'sqm/shop'");
  }

  @Test
  void shouldFailAsDataSourceError_whenSecretsManagerCannotBeReached() {
    AwsSecretsManagerStore store =
        new AwsSecretsManagerStore(
            () -> client(SdkClientException.create("Unable to execute HTTP request"), null));

    SqmException error = catchThrowableOfType(SqmException.class, () -> store.value("sqm/shop"));

    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).contains("sqm/shop", "cannot be read");
  }

  @Test
  void shouldRefuse_whenTheSecretHasNoTextValue() {
    AwsSecretsManagerStore store = new AwsSecretsManagerStore(() -> client(null, null));

    SqmException error = catchThrowableOfType(SqmException.class, () -> store.value("sqm/bin"));

    assertThat(error.getMessage()).contains("no text value");
  }
}
