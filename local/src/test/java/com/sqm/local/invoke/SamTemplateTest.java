package com.sqm.local.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.local.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
  private static final String TEMPLATE =
      String.join(
          "\n",
          "Globals:",
          "  Function:",
          "    Timeout: 20",
          "    Environment:",
          "      Variables:",
          "        SQM_DB_URL: !Ref DbUrl",
          "        SQM_ENGINE: rules",
          "        SQM_REDIS_URL: !If [CreateCache, !Sub 'rediss://${Cache}', !Ref RedisUrl]",
          "Resources:",
          "  SubmitFunction:",
          "    Type: AWS::Serverless::Function",
          "    Properties:",
          "      CodeUri: functions/submit/target/sqm-submit-lambda.jar",
          "      Handler: com.example.SubmitHandler::handleRequest",
          "      Environment:",
          "        Variables:",
          "          SQM_ENGINE: openai",
          "          SQM_EVENT_BUS_NAME: {\"Ref\": \"Bus\"}",
          "  Queue:",
          "    Type: AWS::SQS::Queue",
          "");

  @Test
  void shouldReadShortTagsAsLongForms_whenTheTemplateUsesThem() {
    // Act
    SamTemplate template = SamTemplate.parse(TEMPLATE);

    // Assert
    var globals = template.root().path("Globals").path("Function").path("Environment");
    assertThat(globals.path("Variables").path("SQM_DB_URL").path("Ref").asText())
        .isEqualTo("DbUrl");
    var cache = globals.path("Variables").path("SQM_REDIS_URL").path("Fn::If");
    assertThat(cache.get(1).path("Fn::Sub").asText()).isEqualTo("rediss://${Cache}");
    assertThat(cache.get(2).path("Ref").asText()).isEqualTo("RedisUrl");
  }

  @Test
  void shouldMergeGlobalsAndTheFunction_whenAFunctionIsLookedUp() throws UsageException {
    // Act
    SamTemplate.TemplateFunction function = SamTemplate.parse(TEMPLATE).function("SubmitFunction");

    // Assert
    assertThat(function.handlerClass()).isEqualTo("com.example.SubmitHandler");
    assertThat(function.handlerMethod()).isEqualTo("handleRequest");
    assertThat(function.codeUri()).isEqualTo("functions/submit/target/sqm-submit-lambda.jar");
    assertThat(function.timeoutSeconds()).contains(20);
    assertThat(function.literal("SQM_ENGINE")).contains("openai");
    assertThat(function.literal("SQM_DB_URL")).isEmpty();
    assertThat(function.literal("SQM_EVENT_BUS_NAME")).isEmpty();
    assertThat(function.variables())
        .containsKeys("SQM_DB_URL", "SQM_REDIS_URL", "SQM_ENGINE", "SQM_EVENT_BUS_NAME");
  }

  @Test
  void shouldNameTheFunctions_whenTheLogicalIdIsNotAFunction() {
    SamTemplate template = SamTemplate.parse(TEMPLATE);

    assertThatThrownBy(() -> template.function("Queue"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no function 'Queue'")
        .hasMessageContaining("SubmitFunction");
  }

  @Test
  void shouldFindEveryFunctionsHandlerAndCode_whenReadingTheProjectsTemplate()
      throws UsageException {
    // Arrange
    SamTemplate template = SamTemplate.read(Path.of("../template.yaml"));

    // Act / Assert
    assertThat(template.functionNames()).contains("SubmitQueryFunction", "QueryRequestedFunction");
    for (String name : template.functionNames()) {
      SamTemplate.TemplateFunction function = template.function(name);
      assertThat(function.handlerClass()).as(name).startsWith("com.sqm.");
      assertThat(function.codeUri()).as(name).matches("functions/[a-z]+");
    }
    assertThat(template.function("SubmitQueryFunction").literal("SQM_DB_URL")).isEmpty();
  }
}
