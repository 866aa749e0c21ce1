package com.sqm.local.runtime;

import static com.sqm.local.runtime.TemplateFile.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code make} reads each module's Makefile as {@code sam build} calls it (by path, from a
 * scratch directory, ARTIFACTS_DIR set) and would copy the module's jar: a dry run ({@code -n}), so
 * nothing is built.
 */
class FunctionMakefilesIT {
  @TempDir Path scratch;

  @Test
  void shouldCopyTheModulesJarIntoArtifactsDir_whenSamBuildsAnyTemplateFunction() throws Exception {
    Path artifacts = scratch.resolve("artifacts");
    for (Map.Entry<String, JsonNode> function : TemplateFile.functions().entrySet()) {
      String module = function.getValue().path("CodeUri").asText();
      String name = ROOT.resolve(module).getFileName().toString();
      Path jar = ROOT.resolve(module).resolve("target/sqm-" + name + "-0.1.0-SNAPSHOT-lambda.jar");

      Result result = dryRun(module, "build-" + function.getKey(), artifacts);

      assertThat(result.code()).as(function.getKey() + ": " + result.output()).isZero();
      assertThat(result.output())
          .as(function.getKey())
          .contains("cp \"" + jar + "\" \"" + artifacts + "/lib/\"");
    }
  }

  @Test
  void shouldFail_whenTheMakefileHasNoTargetForTheFunction() throws Exception {
    Result result = dryRun("functions/worker", "build-SubmitQueryFunction", scratch);

    assertThat(result.code()).isNotZero();
    assertThat(result.output()).contains("build-SubmitQueryFunction");
  }

  private Result dryRun(String module, String target, Path artifacts)
      throws IOException, InterruptedException {
    Process make =
        new ProcessBuilder(
                List.of(
                    "make",
                    "-n",
                    "--makefile",
                    ROOT.resolve(module).resolve("Makefile").toString(),
                    target,
                    "ARTIFACTS_DIR=" + artifacts))
            .directory(scratch.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(make.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(make.exitValue(), output);
  }

  private record Result(int code, String output) {}
}
