package com.sqm.ai.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.secret.LocalSecretStore;
import com.sqm.secret.SecretStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiSettingsTest {

  @Test
  void shouldUseDefaults_whenOnlyKeyIsSet() {
    OpenAiSettings settings = OpenAiSettings.fromEnv(Map.of("OPENAI_API_KEY", "sk-abc")::get);

    assertThat(settings.baseUrl()).isNull();
    assertThat(settings.sqlModel()).isEqualTo("gpt-4o-mini");
    assertThat(settings.interpretModel()).isEqualTo("gpt-4o-mini");
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.maxRetries()).isEqualTo(2);
    assertThat(settings.schemaTokenBudget()).isEqualTo(6_000);
    assertThat(settings.maxExamples()).isEqualTo(5);
    assertThat(settings.prices()).isEqualTo(ModelPrices.DEFAULTS);
  }

  @Test
  void shouldReadEveryVariable_whenSet() {
    OpenAiSettings settings =
        OpenAiSettings.fromEnv(
            Map.of(
                    "OPENAI_API_KEY", "sk-abc",
                    "OPENAI_BASE_URL", "http://localhost:11434/v1",
                    "SQM_MODEL", "llama3.1",
                    "SQM_MODEL_INTERPRET", "llama3.2",
                    "SQM_MODEL_TIMEOUT_SECONDS", "12",
                    "SQM_MODEL_MAX_RETRIES", "0",
                    "SQM_MODEL_PRICES", "llama3.1=0/0",
                    "SQM_MODEL_SCHEMA_TOKENS", "3000",
                    "SQM_MODEL_EXAMPLES", "2")
                ::get);

    assertThat(settings.baseUrl()).isEqualTo("http://localhost:11434/v1");
    assertThat(settings.sqlModel()).isEqualTo("llama3.1");
    assertThat(settings.interpretModel()).isEqualTo("llama3.2");
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(12));
    assertThat(settings.maxRetries()).isZero();
    assertThat(settings.prices().priceOf("llama3.1")).isEqualTo(new ModelPrices.Price(0, 0));
    assertThat(settings.schemaTokenBudget()).isEqualTo(3_000);
    assertThat(settings.maxExamples()).isEqualTo(2);
  }

  @Test
  void shouldNeverShowKey_whenPrinted() {
    OpenAiSettings settings =
        OpenAiSettings.fromEnv(
            Map.of(
                    "OPENAI_API_KEY",
                    "sk-very-secret-value",
                    "OPENAI_BASE_URL",
                    "https://user:hunter2@llm.example/v1")
                ::get);

    assertThat(settings.toString())
        .doesNotContain("sk-very-secret-value", "hunter2")
        .contains("apiKey=****", "https://****@llm.example/v1");
  }

  @Test
  void shouldRefuseToStart_whenKeyIsMissing() {
    assertThatThrownBy(() -> OpenAiSettings.fromEnv(Map.<String, String>of()::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void shouldNameVariable_whenNumberIsMalformed() {
    assertThatThrownBy(
            () ->
                OpenAiSettings.fromEnv(
                    Map.of("OPENAI_API_KEY", "k", "SQM_MODEL_MAX_RETRIES", "-1")::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SQM_MODEL_MAX_RETRIES");
    assertThatThrownBy(
            () ->
                OpenAiSettings.fromEnv(
                    Map.of("OPENAI_API_KEY", "k", "SQM_MODEL_TIMEOUT_SECONDS", "soon")::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SQM_MODEL_TIMEOUT_SECONDS");
  }

  @Test
  void shouldReadTheKeyFromTheSecretStore_whenTheKeyIsASecretReference(@TempDir Path secrets) {
    // Arrange
    new LocalSecretStore(secrets).put("openai-key", "sk-from-secret");

    // Act
    OpenAiSettings settings =
        OpenAiSettings.fromEnv(
            Map.of(
                    "OPENAI_API_KEY",
                    "secret:openai-key",
                    SecretStores.LOCAL_DIRECTORY_SETTING,
                    secrets.toString())
                ::get);

    // Assert
    assertThat(settings.apiKey()).isEqualTo("sk-from-secret");
    assertThat(settings.toString()).doesNotContain("sk-from-secret");
  }

  @Test
  void shouldFailNamingTheVariable_whenTheReferencedSecretIsMissing(@TempDir Path secrets) {
    // Act / Assert
    assertThatThrownBy(
            () ->
                OpenAiSettings.fromEnv(
                    Map.of(
                            "OPENAI_API_KEY",
                            "secret:nope",
                            SecretStores.LOCAL_DIRECTORY_SETTING,
                            secrets.toString())
                        ::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageContaining("nope");
  }

  @Test
  void shouldTakeThePlainKey_whenItIsNoSecretReference() {
    // Act
    OpenAiSettings settings =
        OpenAiSettings.fromEnv(
            Map.of("OPENAI_API_KEY", "sk-plain", SecretStores.LOCAL_DIRECTORY_SETTING, "/nowhere")
                ::get);

    // Assert
    assertThat(settings.apiKey()).isEqualTo("sk-plain");
  }
}
