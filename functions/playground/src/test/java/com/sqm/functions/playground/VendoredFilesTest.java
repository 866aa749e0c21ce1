package com.sqm.functions.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart libraries are committed copies of npm packages (web/vendor.sh): each file is what
 * vendor.json says (package, version, sha256), vendor.json agrees with web/package-lock.json, and
 * the page loads only these local files.
 */
class VendoredFilesTest {
  private static final Path PAGES = Path.of("src/main/resources/playground");
  private static final Path WEB = Path.of("web");
  private static final Pattern SCRIPT_OR_STYLE =
      Pattern.compile("<(script|link)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern URL_ATTRIBUTE =
      Pattern.compile("\\b(src|href)\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^\\s*import\\b[^;]*?from\\s+'([^']+)'");

  @Test
  void shouldMatchTheManifestsChecksum_whenAVendoredFileIsRead() throws IOException {
    JsonNode files = manifest().path("files");

    assertThat(files).hasSizeGreaterThanOrEqualTo(8);
    for (JsonNode file : files) {
      Path path = PAGES.resolve(file.path("file").asText());
      assertThat(path).as(file.toString()).isRegularFile();
      assertThat(PlaygroundAssets.sha256(Files.readAllBytes(path)))
          .as(path + " was edited or replaced without vendor.sh")
          .isEqualTo(file.path("sha256").asText());
    }
  }

  @Test
  void shouldBeTheVersionsThePackageLockPins_whenTheManifestNamesThem() throws IOException {
    JsonNode lock = Json.mapper().readTree(WEB.resolve("package-lock.json").toFile());
    JsonNode dependencies = Json.mapper().readTree(WEB.resolve("package.json").toFile());
    Set<String> vendored = new TreeSet<>();

    for (JsonNode file : manifest().path("files")) {
      String pkg = file.path("package").asText();
      String version = file.path("version").asText();
      vendored.add(pkg);
      assertThat(lock.path("packages").path("node_modules/" + pkg).path("version").asText())
          .as(pkg + " in package-lock.json")
          .isEqualTo(version);
      assertThat(dependencies.path("dependencies").path(pkg).asText())
          .as(pkg + " is pinned to an exact version in package.json")
          .isEqualTo(version);
      assertThat(file.path("file").asText())
          .as("the file name carries the version")
          .contains(version);
    }
    assertThat(vendored).containsExactly("vega", "vega-embed", "vega-interpreter", "vega-lite");
  }

  @Test
  void shouldLoadOnlyLocalFilesThatExist_whenThePageIsParsed() throws IOException {
    String page = Files.readString(PAGES.resolve("index.html"));
    List<String> urls = new ArrayList<>();
    Matcher tag = SCRIPT_OR_STYLE.matcher(page);
    while (tag.find()) {
      Matcher url = URL_ATTRIBUTE.matcher(tag.group(2));
      assertThat(url.find()).as("an inline <" + tag.group(1) + "> (the CSP refuses it)").isTrue();
      urls.add(url.group(2));
    }

    assertThat(urls).hasSizeGreaterThanOrEqualTo(5);
    for (String url : urls) {
      assertThat(url).as("a local file of the playground").startsWith("playground/");
      assertThat(url).doesNotContain("//", ":");
      assertThat(PAGES.resolve(url.substring("playground/".length()))).isRegularFile();
    }
    assertThat(page.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("<style", " style=", "http://", "https://", "javascript:")
        .as("no inline event handler (the CSP refuses it)")
        .doesNotContainPattern("\\son[a-z]+\\s*=");
  }

  @Test
  void shouldLoadEveryVendoredScriptThePageNeeds_whenTheManifestListsThem() throws IOException {
    String page = Files.readString(PAGES.resolve("index.html"));
    String app = Files.readString(PAGES.resolve("app.js"));
    for (JsonNode file : manifest().path("files")) {
      String name = file.path("file").asText();
      if (name.endsWith(".min.js")) {
        assertThat(page).as("index.html loads " + name).contains("\"playground/" + name + "\"");
      } else if (name.endsWith(".js")) {
        assertThat(app).as("app.js imports " + name).contains("'./" + name + "'");
      }
    }
  }

  @Test
  void shouldImportOnlyFilesOfThePlayground_whenAModuleImports() throws IOException {
    try (Stream<Path> files = Files.list(PAGES)) {
      for (Path module : files.filter(f -> f.toString().endsWith(".js")).toList()) {
        if (module.getFileName().toString().endsWith(".min.js")) {
          continue;
        }
        Matcher imports = IMPORT.matcher(Files.readString(module));
        while (imports.find()) {
          String target = imports.group(1);
          assertThat(target).as(module + " imports a relative file").startsWith("./");
          assertThat(PAGES.resolve(target.substring(2))).as(module.toString()).isRegularFile();
        }
      }
    }
  }

  @Test
  void shouldNeverParseHtmlFromText_whenThePagesOwnScriptsRun() throws IOException {
    for (String own : List.of("app.js", "sql-highlight.js", "vega-util-global.js")) {
      String source = Files.readString(PAGES.resolve(own));

      assertThat(source)
          .as(own + " puts untrusted text on the page only as text")
          .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write")
          .doesNotContain("eval(", "new Function");
    }
  }

  private static JsonNode manifest() throws IOException {
    return Json.mapper().readTree(PAGES.resolve(PlaygroundAssets.MANIFEST).toFile());
  }
}
