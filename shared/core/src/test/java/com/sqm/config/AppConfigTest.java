package com.sqm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppConfigTest {
  private static final Map<String, String> MINIMAL =
      Map.of(
          "SQM_DB_URL", "jdbc:postgresql://db:5432/sqm?user=app&password=s3cret&ssl=true",
          "SQM_DB_PASSWORD", "other-s3cret",
          "SQM_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q");

  @Test
  void shouldNeverPrintPasswords_whenConfigIsLogged() {
    String printed = AppConfig.from(MINIMAL).toString();

    assertThat(printed).doesNotContain("s3cret").contains("password=****&ssl=true");
  }

  @Test
  void shouldNeverPrintTheRedisPassword_whenConfigIsLogged() {
    Map<String, String> settings = new java.util.HashMap<>(MINIMAL);
    settings.put("SQM_REDIS_URL", "rediss://:url-s3cret@cache.example.com:6380");
    settings.put("SQM_REDIS_PASSWORD", "apart-s3cret");

    AppConfig config = AppConfig.from(settings);

    assertThat(config.redisPassword()).contains("apart-s3cret");
    assertThat(config.toString()).doesNotContain("s3cret").contains("redis=true");
  }

  @Test
  void shouldApplyDefaults_whenOnlyRequiredSettingsGiven() {
    AppConfig config = AppConfig.from(MINIMAL);

    assertThat(config.defaultDataSourceId()).isEqualTo("demo");
    assertThat(config.maxQuestionLength()).isEqualTo(2_000);
    assertThat(config.engine()).isEqualTo("auto");
    assertThat(config.redisUrl()).isEmpty();
    assertThat(config.dbConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldWaitAsLongAsSet_whenStoreConnectTimeoutGiven() {
    Map<String, String> settings = new java.util.HashMap<>(MINIMAL);
    settings.put("SQM_DB_CONNECT_TIMEOUT_MS", "250");

    AppConfig config = AppConfig.from(settings);

    assertThat(config.dbConnectTimeout()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void shouldNameTheMissingSetting_whenRequiredSettingAbsent() {
    assertThatThrownBy(() -> AppConfig.from(Map.of("SQM_DB_URL", "jdbc:postgresql://db/sqm")))
        .hasMessageContaining("SQM_QUEUE_URL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "249", "-5"})
  void shouldNameTheSetting_whenStoreConnectTimeoutBelowPoolMinimum(String millis) {
    Map<String, String> settings = new java.util.HashMap<>(MINIMAL);
    settings.put("SQM_DB_CONNECT_TIMEOUT_MS", millis);

    assertThatThrownBy(() -> AppConfig.from(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SQM_DB_CONNECT_TIMEOUT_MS")
        .hasMessageContaining("250");
  }

  @Test
  void shouldKnowItRunsInLambda_onlyWhenLambdaNamesTheFunction() {
    Map<String, String> inLambda = new java.util.HashMap<>(MINIMAL);
    inLambda.put("AWS_LAMBDA_FUNCTION_NAME", "sqm-get-query");

    assertThat(AppConfig.from(inLambda).lambdaContainer()).isTrue();
    assertThat(AppConfig.from(MINIMAL).lambdaContainer()).isFalse();
  }
}
