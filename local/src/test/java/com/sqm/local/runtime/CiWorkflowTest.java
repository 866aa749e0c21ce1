package com.sqm.local.runtime;

import static com.sqm.local.runtime.TemplateFile.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sqm.local.browser.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CI runs the README's test command, through .ci/run, on the JDKs the project builds and deploys
 * on.
 */
class CiWorkflowTest {
  @Test
  void shouldRunTheReadmesTestCommandOnJava17And21_whenTheWorkflowRuns() throws IOException {
    JsonNode job =
        new ObjectMapper(new YAMLFactory())
            .readTree(ROOT.resolve(".github/workflows/ci.yml").toFile())
            .path("jobs")
            .path("verify");
    String readme = Files.readString(ROOT.resolve("README.md"));
    String tests = readme.substring(readme.indexOf("## Tests"));
    String command =
        tests.substring(tests.indexOf('`') + 1, tests.indexOf('`', tests.indexOf('`') + 1));
    List<String> javas = new ArrayList<>();
    job.path("strategy").path("matrix").path("java").forEach(j -> javas.add(j.asText()));
    List<String> runs = new ArrayList<>();
    List<String> setupJava = new ArrayList<>();
    job.path("steps")
        .forEach(
            step -> {
              if (step.has("run")) {
                runs.add(step.path("run").asText().strip());
              }
              if (step.path("uses").asText().startsWith("actions/setup-java@")) {
                setupJava.add(
                    step.path("with").path("distribution").asText()
                        + " "
                        + step.path("with").path("java-version").asText());
              }
            });

    assertThat(javas).containsExactly("17", "21");
    assertThat(setupJava).containsExactly("temurin ${{ matrix.java }}");
    assertThat(runs).containsExactly(".ci/run");
    // Ubuntu's runners have no Debian chromium: the browser test is pointed at their Chrome.
    JsonNode env =
        job.path("steps").findParents("run").stream()
            .filter(step -> step.path("run").asText().strip().equals(".ci/run"))
            .findFirst()
            .orElseThrow()
            .path("env");
    assertThat(env.path(HeadlessChromium.BROWSER_SETTING).asText()).isNotBlank();
    assertThat(env.path(HeadlessChromium.DRIVER_SETTING).asText()).isNotBlank();
    assertThat(command).isEqualTo("./mvnw -B verify");
    assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("exec " + command + "\n");
  }

  @Test
  void shouldInstallTheBrowserTheBrowserTestDrives_whenCiRunFindsItMissing() throws IOException {
    String run = Files.readString(ROOT.resolve(".ci/run"));

    assertThat(run)
        .contains("! -x " + HeadlessChromium.DEBIAN_CHROMIUM)
        .contains("! -x " + HeadlessChromium.DEBIAN_CHROMEDRIVER)
        .contains("packages=(chromium chromium-driver)")
        .contains("apt-get install -y -q --no-install-recommends \"${packages[@]}\"");
    assertThat(run.indexOf("apt-get install")).isLessThan(run.indexOf("exec ./mvnw"));
  }
}
