package com.sqm.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSourcePoolsTest {
  private final DataSourcePools pools =
      new DataSourcePools(
          Map.of(
                  "ANALYTICS_DB",
                  "jdbc:postgresql://db:5432/sales?user=reader&password=s%26cret&ssl=true")
              ::get);

  @Test
  void shouldTakeCredentialsOutOfUrl_whenRefIsLiteralUrl() {
    // Act
    DataSourcePools.ConnectionSettings settings =
        pools.resolve("jdbc:postgresql://db:5432/sales?user=reader&password=pw&sslmode=require");

    // Assert
    assertThat(settings.url()).isEqualTo("jdbc:postgresql://db:5432/sales?sslmode=require");
    assertThat(settings.user()).isEqualTo("reader");
    assertThat(settings.password()).isEqualTo("pw");
    assertThat(settings.toString()).doesNotContain("pw");
  }

  @Test
  void shouldKeepSslKeyPasswordOutOfUrl_whenRefCarriesOne() {
    // Act
    DataSourcePools.ConnectionSettings settings =
        pools.resolve(
            "jdbc:postgresql://db:5432/sales?sslmode=verify-full&sslpassword=k3y&user=reader");

    // Assert
    assertThat(settings.url()).isEqualTo("jdbc:postgresql://db:5432/sales?sslmode=verify-full");
    assertThat(settings.secrets()).containsEntry("sslpassword", "k3y");
    assertThat(settings.toString()).doesNotContain("k3y");
  }

  @Test
  void shouldReadUrlFromEnvironment_whenRefIsEnvVariable() {
    // Act
    DataSourcePools.ConnectionSettings settings = pools.resolve("env:ANALYTICS_DB");

    // Assert
    assertThat(settings.url()).isEqualTo("jdbc:postgresql://db:5432/sales?ssl=true");
    assertThat(settings.password()).isEqualTo("s&cret");
  }

  @Test
  void shouldFailWithoutShowingValues_whenEnvVariableIsMissing() {
    // Act
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> pools.resolve("env:MISSING_DB"));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).isEqualTo("environment variable MISSING_DB is not set");
  }

  @Test
  void shouldRejectRef_whenItIsNotAPostgresUrl() {
    // Act
    SqmException error =
        catchThrowableOfType(
            SqmException.class, () -> pools.resolve("jdbc:mysql://db/sales?password=pw"));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.getMessage()).doesNotContain("pw");
  }

  @Test
  void shouldRefuse_whenDataSourceIsDisabled() {
    // Arrange
    DataSourceConfig disabled =
        new DataSourceConfig(
            "ds1", "Sales", "", "env:ANALYTICS_DB", List.of("public"), false, null);

    // Act
    SqmException error =
        catchThrowableOfType(SqmException.class, () -> pools.forDataSource(disabled));

    // Assert
    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_DISABLED);
  }

  @Test
  void shouldUseDefaults_whenEnvironmentSetsNothing() {
    // Act
    DataSourcePools.Settings settings = DataSourcePools.Settings.fromEnvironment(name -> null);

    // Assert
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.breakerFailures()).isEqualTo(3);
    assertThat(settings.breakerWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.poolSize()).isEqualTo(2);
    assertThat(settings.secretTtl()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldReadBreakerTimeoutAndPoolSize_whenEnvironmentSetsThem() {
    // Arrange
    Map<String, String> env =
        Map.of(
            "SQM_DATASOURCE_CONNECT_TIMEOUT_MS", "750",
            "SQM_DATASOURCE_BREAKER_FAILURES", "5",
            "SQM_DATASOURCE_BREAKER_WAIT_SECONDS", "30",
            "SQM_DATASOURCE_POOL_SIZE", "8",
            "SQM_DATASOURCE_SECRET_TTL_SECONDS", "60");

    // Act
    DataSourcePools.Settings settings = DataSourcePools.Settings.fromEnvironment(env::get);

    // Assert
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(settings.breakerFailures()).isEqualTo(5);
    assertThat(settings.breakerWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.poolSize()).isEqualTo(8);
    assertThat(settings.secretTtl()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldRefuseANegativeSecretTtl_whenEnvironmentSetsOne() {
    // Act
    IllegalArgumentException error =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () ->
                DataSourcePools.Settings.fromEnvironment(
                    Map.of("SQM_DATASOURCE_SECRET_TTL_SECONDS", "-1")::get));

    // Assert
    assertThat(error.getMessage()).isEqualTo("the secret TTL must not be negative");
  }

  @Test
  void shouldNameTheVariable_whenASettingIsNotANumber() {
    // Act
    IllegalArgumentException error =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () ->
                DataSourcePools.Settings.fromEnvironment(
                    Map.of("SQM_DATASOURCE_BREAKER_FAILURES", "three")::get));

    // Assert
    assertThat(error.getMessage())
        .isEqualTo("SQM_DATASOURCE_BREAKER_FAILURES must be a whole number");
  }

  @Test
  void shouldRefuseConnectTimeout_whenBelowHikariMinimum() {
    // Act
    IllegalArgumentException error =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () ->
                DataSourcePools.Settings.fromEnvironment(
                    Map.of("SQM_DATASOURCE_CONNECT_TIMEOUT_MS", "100")::get));

    // Assert
    assertThat(error.getMessage()).isEqualTo("the connect timeout must be at least 250 ms");
  }

  @Test
  void shouldResolveThroughTheSecretStore_whenRefIsSecret() {
    // Arrange
    DataSourcePools withSecrets =
        new DataSourcePools(
            name -> null,
            DataSourcePools.Settings.fromEnvironment(name -> null),
            name ->
                "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":5433,"
                    + "\"dbname\":\"sales\",\"username\":\"reader\",\"password\":\"p&ss\"}");

    // Act
    DataSourcePools.ConnectionSettings settings = withSecrets.resolve("secret:sqm/sales-reader");

    // Assert
    assertThat(settings.url()).isEqualTo("jdbc:postgresql://db.internal:5433/sales");
    assertThat(settings.user()).isEqualTo("reader");
    assertThat(settings.password()).isEqualTo("p&ss");
  }
}
