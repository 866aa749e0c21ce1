package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.local.invoke.SamTemplate;
import com.sqm.local.runtime.LocalStartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvokeCommandTest {
  private static final String TEMPLATE =
      String.join(
          "\n",
          "Globals:",
          "  Function:",
          "    Environment:",
          "      Variables:",
          "        SQM_DB_URL: !Ref DbUrl",
          "        SQM_ENGINE: rules",
          "        SQM_ADMIN_GROUP: admins",
          "Resources:",
          "  Fn:",
          "    Type: AWS::Serverless::Function",
          "    Properties:",
          "      CodeUri: fn/target/fn-lambda.jar",
          "      Handler: com.example.Handler",
          "      Environment:",
          "        Variables:",
          "          SQM_EVENT_BUS_NAME: !Ref Bus",
          "          SQM_MODEL: gpt",
          "");

  @TempDir Path dir;

  @Test
  void shouldLayerTemplateWiringAndEnvVars_whenBuildingTheFunctionsEnvironment()
      throws UsageException {
    // Arrange
    SamTemplate.TemplateFunction function = SamTemplate.parse(TEMPLATE).function("Fn");
    Map<String, String> wiring = Map.of("SQM_DB_URL", "jdbc:local", "SQM_ENGINE", "wired");
    Map<String, Map<String, String>> overrides =
        Map.of(
            "Parameters", Map.of("SQM_MODEL", "from-parameters", "SQM_ADMIN_GROUP", "ops"),
            "Fn", Map.of("SQM_MODEL", "from-function"),
            "Other", Map.of("SQM_ADMIN_GROUP", "not-mine"));

    // Act
    Map<String, String> env = InvokeCommand.functionEnvironment(function, wiring, overrides);

    // Assert
    assertThat(env)
        .containsEntry("SQM_DB_URL", "jdbc:local")
        .containsEntry("SQM_ENGINE", "wired")
        .containsEntry("SQM_ADMIN_GROUP", "ops")
        .containsEntry("SQM_MODEL", "from-function")
        .doesNotContainKey("SQM_EVENT_BUS_NAME");
  }

  @Test
  void shouldReadSamsFormat_whenTheEnvVarsFileIsValid() throws Exception {
    // Arrange
    Path file = dir.resolve("env.json");
    Files.writeString(
        file, "{\"Fn\": {\"A\": \"x\", \"B\": 3, \"C\": true}, \"Parameters\": {\"D\": \"y\"}}");

    // Act
    Map<String, Map<String, String>> vars = InvokeCommand.parseEnvVars(file);

    // Assert
    assertThat(vars.get("Fn"))
        .containsEntry("A", "x")
        .containsEntry("B", "3")
        .containsEntry("C", "true");
    assertThat(vars.get("Parameters")).containsEntry("D", "y");
  }

  @Test
  void shouldRejectTheFile_whenItIsNotJson() throws IOException {
    Path file = dir.resolve("env.json");
    Files.writeString(file, "{not json");

    assertThatThrownBy(() -> InvokeCommand.parseEnvVars(file))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not JSON");
  }

  @Test
  void shouldRejectTheFile_whenAFunctionsEntryIsNotAnObject() throws IOException {
    Path file = dir.resolve("env.json");
    Files.writeString(file, "{\"Fn\": \"A=x\"}");

    assertThatThrownBy(() -> InvokeCommand.parseEnvVars(file))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("'Fn' must map variables to values");
  }

  @Test
  void shouldRejectTheFile_whenAValueIsNotAScalar() throws IOException {
    Path file = dir.resolve("env.json");
    Files.writeString(file, "{\"Fn\": {\"A\": {\"nested\": 1}}}");

    assertThatThrownBy(() -> InvokeCommand.parseEnvVars(file))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Fn.A must be a string, number or boolean");
  }

  @Test
  void shouldRejectTheFile_whenItIsMissing() {
    assertThatThrownBy(() -> InvokeCommand.parseEnvVars(dir.resolve("absent.json")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void shouldTellHowToBuild_whenTheLambdaJarIsMissing() {
    assertThatThrownBy(() -> InvokeCommand.lambdaJar(dir, "fn/target/fn-lambda.jar"))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("fn-lambda.jar is missing")
        .hasMessageContaining(InvokeCommand.BUILD_HINT);
  }

  @Test
  void shouldFindTheModulesLambdaJar_whenCodeUriNamesTheModule() throws IOException {
    // Arrange
    Path jar = Files.createDirectories(dir.resolve("fn/target")).resolve("fn-1.0-lambda.jar");
    Files.writeString(jar, "");

    // Act / Assert
    assertThat(InvokeCommand.lambdaJar(dir, "fn")).isEqualTo(jar);
    assertThat(InvokeCommand.lambdaJar(dir, "fn/target/fn-1.0-lambda.jar")).isEqualTo(jar);
  }

  @Test
  void shouldTellHowToBuild_whenTheModuleHasNoLambdaJar() throws IOException {
    Files.createDirectories(dir.resolve("fn/target"));

    assertThatThrownBy(() -> InvokeCommand.lambdaJar(dir, "fn"))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("no *-lambda.jar")
        .hasMessageContaining(InvokeCommand.BUILD_HINT);
  }

  @Test
  void shouldExitWithUsage_whenNoLogicalIdIsGiven() {
    int code =
        new SqmCli(
                new java.io.ByteArrayInputStream(new byte[0]),
                System.out,
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                Map.of(),
                dir)
            .run(java.util.List.of("invoke", "-e", "x.json"));

    assertThat(code).isEqualTo(SqmCli.USAGE);
  }
}
