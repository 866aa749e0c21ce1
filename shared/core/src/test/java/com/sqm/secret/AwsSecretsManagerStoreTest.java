package com.sqm.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The real SDK client and AWS's cache against a local Secrets Manager endpoint. */
class AwsSecretsManagerStoreTest {
  private static final Duration LONG_TTL = Duration.ofHours(1);
  private SecretsManagerStub stub;

  @BeforeEach
  void startStub() throws IOException {
    stub = new SecretsManagerStub();
  }

  @AfterEach
  void stopStub() {
    stub.close();
  }

  private AwsSecretsManagerStore store(Duration ttl) {
    return store(stub.endpoint(), ttl);
  }

  private static AwsSecretsManagerStore store(URI endpoint, Duration ttl) {
    return new AwsSecretsManagerStore(
        () ->
            SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build(),
        ttl,
        Duration.ZERO);
  }

  @Test
  void shouldReturnTheSecretString_whenTheSecretExists() {
    // Arrange
    String arn = "arn:aws:secretsmanager:eu-west-1:1:secret:sqm/shop-AbCdEf";
    stub.put(arn, "jdbc:postgresql://db/x");

    // Act
    String value = store(LONG_TTL).value(arn);

    // Assert
    assertThat(value).isEqualTo("jdbc:postgresql://db/x");
    assertThat(stub.calls()).containsExactly("DescribeSecret " + arn, "GetSecretValue " + arn);
  }

  @Test
  void shouldServeTheCachedValue_whenTheSecretRotatesWithinItsTimeToLive() {
    // Arrange
    stub.put("sqm/key", "old");
    AwsSecretsManagerStore store = store(LONG_TTL);
    store.value("sqm/key");
    stub.put("sqm/key", "new");

    // Act
    String value = store.value("sqm/key");

    // Assert
    assertThat(value).isEqualTo("old");
    assertThat(stub.calls()).hasSize(2);
  }

  @Test
  void shouldPickUpTheRotatedSecret_whenItsTimeToLiveHasPassed() {
    // Arrange: a time to live of zero has passed at every read
    stub.put("sqm/key", "old");
    AwsSecretsManagerStore store = store(Duration.ZERO);
    String before = store.value("sqm/key");
    stub.put("sqm/key", "new");

    // Act
    String after = store.value("sqm/key");

    // Assert
    assertThat(before).isEqualTo("old");
    assertThat(after).isEqualTo("new");
    assertThat(stub.calls())
        .containsExactly(
            "DescribeSecret sqm/key",
            "GetSecretValue sqm/key",
            "DescribeSecret sqm/key",
            "GetSecretValue sqm/key");
  }

  @Test
  void shouldAskAgainPastTheCache_whenARefreshedValueIsWanted() {
    // Arrange
    stub.put("sqm/key", "old");
    AwsSecretsManagerStore store = store(LONG_TTL);
    store.value("sqm/key");
    stub.put("sqm/key", "new");

    // Act
    String refreshed = store.refreshedValue("sqm/key");

    // Assert: the cache now holds the new version too
    assertThat(refreshed).isEqualTo("new");
    assertThat(store.value("sqm/key")).isEqualTo("new");
    assertThat(stub.calls()).hasSize(4);
  }

  @Test
  void shouldKeepTheUnchangedVersion_whenARefreshFindsNoRotation() {
    // Arrange
    stub.put("sqm/key", "same");
    AwsSecretsManagerStore store = store(LONG_TTL);
    store.value("sqm/key");

    // Act
    String refreshed = store.refreshedValue("sqm/key");

    // Assert: only DescribeSecret was asked again; the version's value stays cached
    assertThat(refreshed).isEqualTo("same");
    assertThat(stub.calls())
        .containsExactly(
            "DescribeSecret sqm/key", "GetSecretValue sqm/key", "DescribeSecret sqm/key");
  }

  @Test
  void shouldFailNamingTheSecret_whenItDoesNotExist() {
    // Act
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> store(LONG_TTL).value("sqm/shop"));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.field()).isEqualTo("connectionRef");
    assertThat(error.getMessage()).isEqualTo("there is no secret 'sqm/shop'");
  }

  @Test
  void shouldFailAsDataSourceError_whenSecretsManagerCannotBeReached() {
    // Arrange: nothing listens there any more
    URI gone = stub.endpoint();
    stub.close();

    // Act
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> store(gone, LONG_TTL).value("sqm/shop"));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).contains("sqm/shop", "cannot be read");
  }

  @Test
  void shouldRefuse_whenTheSecretHasNoTextValue() {
    // Arrange
    stub.put("sqm/blank", " ");

    // Act
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> store(LONG_TTL).value("sqm/blank"));

    // Assert
    assertThat(error.getMessage()).contains("no text value").doesNotContain(" ' ");
  }

  @Test
  void shouldUseTheConfiguredTimeToLive_whenTheSettingIsSet() {
    // Act
    SecretStore store =
        SecretStores.fromEnvironment(Map.of(SecretStores.CACHE_TTL_SETTING, "42")::get);

    // Assert
    assertThat(store).isInstanceOf(AwsSecretsManagerStore.class);
    assertThat(((AwsSecretsManagerStore) store).cacheTtl()).isEqualTo(Duration.ofSeconds(42));
    assertThat(SecretStores.cacheTtl(Map.<String, String>of()::get))
        .isEqualTo(AwsSecretsManagerStore.DEFAULT_CACHE_TTL);
  }

  @Test
  void shouldRefuseNamingTheSetting_whenTheTimeToLiveIsNotANumber() {
    // Act
    IllegalStateException error =
        catchThrowableOfType(
            IllegalStateException.class,
            () -> SecretStores.cacheTtl(Map.of(SecretStores.CACHE_TTL_SETTING, "-1")::get));

    // Assert
    assertThat(error.getMessage()).contains(SecretStores.CACHE_TTL_SETTING);
  }

  @Test
  void shouldAskTheEndpointTheSdkSettingNames_whenAnEndpointUrlIsConfigured() {
    // Arrange: the system-property forms of AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_REGION and
    // the credentials, as .env.example sets them for LocalStack
    stub.put("sqm/webhook-signing-key", "k3y");
    Map<String, String> properties =
        Map.of(
            "aws.endpointUrlSecretsManager", stub.endpoint().toString(),
            "aws.region", "us-east-1",
            "aws.accessKeyId", "test",
            "aws.secretAccessKey", "test");
    properties.forEach(System::setProperty);
    try {
      // Act
      String value = new AwsSecretsManagerStore().value("sqm/webhook-signing-key");

      // Assert
      assertThat(value).isEqualTo("k3y");
    } finally {
      properties.keySet().forEach(System::clearProperty);
    }
  }
}
