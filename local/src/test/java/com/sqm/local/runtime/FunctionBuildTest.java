package com.sqm.local.runtime;

import static com.sqm.local.runtime.TemplateFile.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * sam build builds every function from its module: the module's Makefile has a build target for
 * each of its functions, and functions/lambda.mk packages the jar the module's pom builds.
 */
class FunctionBuildTest {
  private static final Path LAMBDA_MK = ROOT.resolve("functions/lambda.mk");
  private static final Pattern TARGET = Pattern.compile("(?m)^(build-[A-Za-z0-9]+):");

  @Test
  void shouldHaveABuildTargetForEachFunction_whenTemplateBuildsAModuleWithItsMakefile()
      throws IOException {
    Map<String, Set<String>> targetsByModule = new TreeMap<>();
    for (Map.Entry<String, JsonNode> resource : functionResources().entrySet()) {
      JsonNode function = resource.getValue();
      assertThat(function.path("Metadata").path("BuildMethod").asText())
          .as(resource.getKey())
          .isEqualTo("makefile");
      String module = function.path("Properties").path("CodeUri").asText();
      assertThat(module).as(resource.getKey()).matches("functions/[a-z]+");
      targetsByModule
          .computeIfAbsent(module, m -> new TreeSet<>())
          .add("build-" + resource.getKey());
    }

    for (Map.Entry<String, Set<String>> module : targetsByModule.entrySet()) {
      Path makefile = ROOT.resolve(module.getKey()).resolve("Makefile");
      assertThat(makefile).isRegularFile();
      String text = Files.readString(makefile);
      assertThat(targets(text)).as(makefile.toString()).isEqualTo(module.getValue());
      assertThat(text)
          .contains("MODULE := " + ROOT.resolve(module.getKey()).getFileName())
          .contains("include $(dir $(lastword $(MAKEFILE_LIST)))../lambda.mk");
      for (String target : module.getValue()) {
        assertThat(text).contains(target + ": lambda");
      }
    }
  }

  @Test
  void shouldCopyTheJarTheModulesPomBuilds_whenAFunctionIsBuilt() throws Exception {
    String rules = Files.readString(LAMBDA_MK);
    Element parent = pom(ROOT.resolve("pom.xml"));
    String version = child(parent, "version");

    assertThat(rules)
        .contains("VERSION := " + version + "\n")
        .contains("JAR := $(ROOT)/functions/$(MODULE)/target/sqm-$(MODULE)-$(VERSION)-lambda.jar")
        .contains("\t\"$(ROOT)/mvnw\" -q -B -f \"$(ROOT)/pom.xml\" -pl functions/$(MODULE) -am")
        .contains("\tcp \"$(JAR)\" \"$(ARTIFACTS_DIR)/lib/\"");
    // The shade plugin's classifier is the jar's -lambda suffix.
    assertThat(Files.readString(ROOT.resolve("pom.xml")))
        .contains("<shadedClassifierName>lambda</shadedClassifierName>");
    for (String module : modules()) {
      Element pom = pom(ROOT.resolve(module).resolve("pom.xml"));
      assertThat(child(pom, "artifactId"))
          .as(module)
          .isEqualTo("sqm-" + ROOT.resolve(module).getFileName());
      assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml")))
          .as(module + " builds a shaded jar")
          .contains("<artifactId>maven-shade-plugin</artifactId>");
    }
  }

  @Test
  void shouldIndentEveryRecipeLineWithATab_whenMakeReadsTheRules() throws IOException {
    List<String> lines = Files.readAllLines(LAMBDA_MK);
    boolean inRecipe = false;
    int recipeLines = 0;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        inRecipe = false;
        continue;
      }
      if (inRecipe) {
        assertThat(line).as("recipe line").startsWith("\t");
        recipeLines++;
      }
      inRecipe = inRecipe || line.matches("^(?!\\.PHONY)[^\\s=#]+:( .*)?$");
    }

    assertThat(recipeLines).isEqualTo(5);
  }

  private static Map<String, JsonNode> functionResources() {
    Map<String, JsonNode> functions = new TreeMap<>();
    TemplateFile.resources()
        .fields()
        .forEachRemaining(
            r -> {
              if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.put(r.getKey(), r.getValue());
              }
            });
    return functions;
  }

  private static Set<String> modules() {
    Set<String> modules = new TreeSet<>();
    TemplateFile.functions().values().forEach(f -> modules.add(f.path("CodeUri").asText()));
    return modules;
  }

  private static Set<String> targets(String makefile) {
    Set<String> targets = new TreeSet<>();
    Matcher matcher = TARGET.matcher(makefile);
    while (matcher.find()) {
      targets.add(matcher.group(1));
    }
    return targets;
  }

  private static Element pom(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(file.toFile())
        .getDocumentElement();
  }

  /** The text of a direct child of the project element (not of parent or dependencies). */
  private static String child(Element project, String name) {
    for (var node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element.getTextContent().trim();
      }
    }
    throw new AssertionError(project.getOwnerDocument().getDocumentURI() + " has no " + name);
  }
}
