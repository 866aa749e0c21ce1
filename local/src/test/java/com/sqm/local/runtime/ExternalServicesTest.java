package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalServicesTest {
  @TempDir Path temp;

  private static Map<String, String> complete() {
    Map<String, String> env = new HashMap<>();
    env.put("SQM_DB_URL", "jdbc:postgresql://localhost:5432/sqm?sslmode=disable");
    env.put("SQM_DB_USER", "postgres");
    env.put("SQM_DB_PASSWORD", "pw");
    env.put("SQM_REDIS_URL", "redis://localhost:6379");
    env.put("SQM_SQS_ENDPOINT", "http://localhost:4566");
    env.put("SQM_QUEUE_URL", "http://localhost:4566/000000000000/sqm-queries");
    return env;
  }

  @Test
  void shouldReadVariables_whenEnvFileHasCommentsBlankLinesAndQuotes() throws Exception {
    Path file = temp.resolve(".env");
    Files.writeString(file, "# comment\n\nA=1\nexport B = \"two words\"\nC='x=y'\nD=\n# E=5\n");

    Map<String, String> variables = ExternalServices.readEnvFile(file);

    assertThat(variables)
        .containsOnly(
            Map.entry("A", "1"),
            Map.entry("B", "two words"),
            Map.entry("C", "x=y"),
            Map.entry("D", ""));
  }

  @Test
  void shouldNameTheLine_whenEnvFileLineIsNotKeyValue() throws Exception {
    Path file = temp.resolve(".env");
    Files.writeString(file, "A=1\njust words\n");

    assertThatThrownBy(() -> ExternalServices.readEnvFile(file))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void shouldFail_whenEnvFileIsMissing() {
    assertThatThrownBy(() -> ExternalServices.readEnvFile(temp.resolve("absent.env")))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("absent.env");
  }

  @Test
  void shouldNameEachRequiredVariable_whenItIsMissingOrBlank() {
    for (String name :
        new String[] {
          "SQM_DB_URL",
          "SQM_DB_USER",
          "SQM_DB_PASSWORD",
          "SQM_REDIS_URL",
          "SQM_SQS_ENDPOINT",
          "SQM_QUEUE_URL"
        }) {
      Map<String, String> env = complete();
      env.put(name, " ");

      assertThatThrownBy(() -> ExternalServices.from(env))
          .isInstanceOf(LocalStartupException.class)
          .hasMessageContaining(name);
    }
  }

  @Test
  void shouldRefuse_whenDatabaseUrlIsNotPostgres() {
    Map<String, String> env = complete();
    env.put("SQM_DB_URL", "jdbc:mysql://localhost/sqm");

    assertThatThrownBy(() -> ExternalServices.from(env))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("SQM_DB_URL");
  }

  @Test
  void shouldPointAtAnotherDatabase_whenAskedForTheDemo() {
    ExternalServices services = ExternalServices.from(complete());

    assertThat(services.databaseUrl("demo_shop"))
        .isEqualTo("jdbc:postgresql://localhost:5432/demo_shop?sslmode=disable");
    assertThat(services.redisPassword()).isEmpty();
    assertThat(services.intakeQueueUrl()).isEmpty();
    assertThat(services.defaultIntakeQueueUrl())
        .contains("http://localhost:4566/000000000000/sqm-intake");
    assertThat(services.toString()).doesNotContain("pw");
  }

  @Test
  void shouldMapAwsVariablesToSdkProperties_whenTheyAreSet() {
    Map<String, String> properties =
        ExternalServices.awsSdkProperties(
            Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://localhost:4566",
                "AWS_ENDPOINT_URL", " ",
                "SQM_DB_URL", "jdbc:postgresql://localhost/sqm"));

    assertThat(properties)
        .containsOnly(
            Map.entry("aws.region", "us-east-1"),
            Map.entry("aws.accessKeyId", "test"),
            Map.entry("aws.secretAccessKey", "test"),
            Map.entry("aws.endpointUrlSecretsManager", "http://localhost:4566"));
  }

  @Test
  void shouldHaveNoDefaultIntakeQueue_whenWorkQueueHasAnotherName() {
    Map<String, String> env = complete();
    env.put("SQM_QUEUE_URL", "http://localhost:4566/000000000000/other");

    assertThat(ExternalServices.from(env).defaultIntakeQueueUrl()).isEmpty();
  }
}
