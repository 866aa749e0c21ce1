package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.config.IdentitySettings;
import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.auth.DevTokenIssuer;
import com.sqm.local.browser.AxeCheck;
import com.sqm.local.browser.HeadlessChromium;
import com.sqm.local.gateway.OpenApiDocument;
import com.sqm.local.runtime.LocalRuntime;
import com.sqm.local.runtime.LocalRuntimeOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground page in a real browser (Debian's headless chromium through chromium-driver) on the
 * whole local runtime: what a person sees after asking — status, stages, SQL, the table (row for
 * row what the API answers), the chart drawn by vega — then a follow-up and feedback, with an
 * axe-core accessibility check of the answered page in light and dark mode. One runtime and one
 * browser for the class; every wait is on a condition of the page, never a sleep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  /** A demo question the offline engine answers with five rows and a bar chart. */
  private static final String QUESTION = "top 5 products by revenue";

  private static final String FOLLOW_UP = "top 3 products by revenue";
  private static final Path SCREENSHOTS = Path.of("target");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AxeCheck axe = new AxeCheck();
  private Path dataDir;
  private LocalRuntime runtime;
  private ChromeDriver browser;
  private String alice;
  private String admin;

  /** A failed test leaves what the browser showed next to the screenshots, for CI's logs. */
  @RegisterExtension
  final TestWatcher keepThePageOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (browser != null) {
            String name = "playground-failed-" + context.getRequiredTestMethod().getName();
            try {
              screenshot(name + ".png");
              Files.writeString(SCREENSHOTS.resolve(name + ".html"), browser.getPageSource());
            } catch (IOException | WebDriverException e) {
              cause.addSuppressed(e);
            }
          }
        }
      };

  @BeforeAll
  void start() throws IOException {
    // The browser first: without it, fail at once with the install hint, before any service.
    HeadlessChromium.fromEnvironment(System.getenv()).requireInstalled();
    dataDir = Files.createTempDirectory("sqm-browser-it");
    runtime = LocalRuntime.start(new LocalRuntimeOptions(dataDir, 0, 0, 0, 0, Map.of()));
    DevTokenIssuer issuer =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC());
    alice = issuer.issue("alice", Duration.ofHours(1));
    admin =
        issuer.issue("root", List.of(IdentitySettings.DEFAULTS.adminGroup()), Duration.ofHours(1));
    browser =
        HeadlessChromium.fromEnvironment(System.getenv())
            .start(dataDir.resolve("chromium-profile"));
  }

  @AfterAll
  void stop() throws IOException {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (runtime != null) {
        runtime.close();
      }
      if (dataDir != null) {
        try (Stream<Path> files = Files.walk(dataDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }
  }

  @BeforeEach
  void lightMode() {
    emulateColorScheme("light");
  }

  @Test
  void shouldShowSignIn_whenOpenedWithoutToken() {
    browser.get(runtime.baseUri().resolve("/").toString());
    browser.executeScript("sessionStorage.clear()");
    browser.navigate().refresh();

    WebElement signIn =
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));

    assertThat(signIn.getText()).as("how to get a token").containsIgnoringCase("token");
  }

  @Test
  @Order(1) // the first ask: the pipeline runs every stage (later asks may come from the cache)
  void shouldShowTheApisAnswer_whenAQuestionIsAskedInThePage() throws Exception {
    open("");

    String id = ask(QUESTION);

    JsonNode query = apiQuery(id);
    assertThat(browser.getCurrentUrl()).as("token left in the address bar").doesNotContain(alice);
    assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();
    List<List<String>> rows = apiRows(query);
    assertThat(rows).hasSize(5);
    assertThat(tableRows()).as("the table's cells").isEqualTo(rows);
    List<String> headers =
        browser.findElements(By.cssSelector("#result-table thead th")).stream()
            .map(WebElement::getText)
            .toList();
    List<String> columns = query.path("result").path("columns").findValuesAsText("name");
    assertThat(headers).hasSameSizeAs(columns);
    for (int i = 0; i < columns.size(); i++) {
      assertThat(headers.get(i)).as("header %d", i).contains(columns.get(i));
    }
    assertThat(query.path("visualization").path("chartType").asText()).isEqualTo("BAR");
    assertThat(chartMarks()).as("bars vega drew in #chart, one per row").isEqualTo(rows.size());
    assertThat(browser.findElement(By.cssSelector("pre#sql > code")).getText())
        .containsIgnoringCase("select")
        .isEqualToIgnoringWhitespace(query.path("sql").asText());
    assertThat(browser.findElement(By.id("summary")).getText())
        .isEqualTo(query.path("summary").asText());
    assertThat(browser.findElement(By.id("engine")).getText()).isNotBlank();
    assertStagesFinished();
    screenshot("playground.png");
  }

  @Test
  void shouldHaveNoSeriousOrCriticalAxeViolations_whenAnAnswerIsShown() throws Exception {
    open("");
    ask(QUESTION);

    List<AxeCheck.Violation> violations = axe.run(browser);

    assertThat(violations.stream().filter(AxeCheck.Violation::blocking).toList())
        .as("axe-core violations (all: %s)", violations)
        .isEmpty();
  }

  @Test
  void shouldHaveNoSeriousOrCriticalAxeViolations_whenDarkModeAsksAtLoad() throws Exception {
    emulateColorScheme("dark");
    String question = URLEncoder.encode(QUESTION, StandardCharsets.UTF_8);

    open("?q=" + question + "&ds=demo");
    String id = awaitCompleted(null);

    JsonNode query = apiQuery(id);
    assertThat(query.path("question").asText()).isEqualTo(QUESTION);
    assertThat(tableRows()).isEqualTo(apiRows(query));
    assertThat(chartMarks()).isPositive();
    assertThat(browser.getCurrentUrl())
        .as("asked once: a reload does not ask again")
        .doesNotContain("q=");
    assertThat(browser.executeScript("return matchMedia('(prefers-color-scheme: dark)').matches"))
        .isEqualTo(true);
    List<AxeCheck.Violation> violations = axe.run(browser);
    assertThat(violations.stream().filter(AxeCheck.Violation::blocking).toList())
        .as("axe-core violations in dark mode (all: %s)", violations)
        .isEmpty();
    screenshot("playground-dark.png");
  }

  @Test
  void shouldShowTheErrorAndMarkTheFailedStage_whenTheQuestionCannotBeAnswered() throws Exception {
    open("");
    new Select(browser.findElement(By.id("datasource"))).selectByValue("demo");
    WebElement field = browser.findElement(By.id("question"));
    field.clear();
    field.sendKeys("what's the weather in Paris?");
    String before = browser.findElement(By.id("status")).getAttribute("data-query-id");
    browser.findElement(By.id("ask")).click();

    String id =
        waitFor()
            .until(
                page -> {
                  WebElement status = page.findElement(By.id("status"));
                  String shown = status.getAttribute("data-query-id");
                  boolean fresh = shown != null && !shown.isEmpty() && !shown.equals(before);
                  return fresh && "FAILED".equals(status.getAttribute("data-status"))
                      ? shown
                      : null;
                });

    JsonNode query = apiQuery(id);
    assertThat(query.path("status").asText()).isEqualTo("FAILED");
    WebElement error = browser.findElement(By.id("error"));
    assertThat(error.isDisplayed()).isTrue();
    assertThat(error.getText()).contains(query.path("error").path("message").asText());
    List<WebElement> failed =
        browser.findElements(By.cssSelector("ol#stages > li[data-state='failed']"));
    assertThat(failed)
        .as("the stage the query failed in, and only that one")
        .singleElement()
        .satisfies(
            stage ->
                assertThat(stage.getAttribute("data-stage"))
                    .isEqualTo(query.path("stage").asText()));
    assertThat(browser.findElements(By.cssSelector("#result-table tbody tr"))).isEmpty();
  }

  @Test
  void shouldShowTheFollowUp_whenAFollowUpIsAsked() throws Exception {
    open("");
    String parent = ask(QUESTION);

    browser.findElement(By.id("follow-up")).sendKeys(FOLLOW_UP);
    browser.findElement(By.id("follow-up-ask")).click();
    String child = awaitCompleted(parent);

    JsonNode query = apiQuery(child);
    assertThat(query.path("parentQueryId").asText()).isEqualTo(parent);
    assertThat(query.path("question").asText()).isEqualTo(FOLLOW_UP);
    assertThat(tableRows()).isEqualTo(apiRows(query)).hasSize(3);
  }

  @Test
  void shouldStoreTheRating_whenThumbsUpIsPressed() throws Exception {
    open("");
    String id = ask(QUESTION);

    browser.findElement(By.cssSelector("button[data-feedback='up']")).click();
    waitFor()
        .until(ExpectedConditions.attributeToBe(By.id("feedback-status"), "data-state", "sent"));

    // An "up" on a completed query makes it an example of the data source (README, HTTP API).
    JsonNode templates =
        JSON.readTree(send(get("/datasources/demo/templates", admin), 200).body())
            .path("templates");
    assertThat(templates.findValuesAsText("sourceQueryId")).contains(id);
    assertThat(browser.findElement(By.id("feedback-status")).getText()).isNotBlank();
  }

  @Test
  void shouldListTheQueryInHistory_whenAnswered() throws Exception {
    open("");
    String id = ask(QUESTION);

    WebElement item =
        waitFor()
            .until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector("ul#history li[data-query-id='" + id + "']")));

    assertThat(item.getText()).contains(QUESTION);
  }

  @Test
  void shouldClearThePageAndKeepFocus_whenSignedOut() throws Exception {
    open("");
    ask(QUESTION);
    browser.findElement(By.id("question")).click();

    browser.findElement(By.id("sign-out")).click();
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));

    assertThat(browser.findElements(By.cssSelector("#result-table tbody tr"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("ul#history li"))).isEmpty();
    assertThat(browser.findElement(By.id("status")).getAttribute("data-query-id")).isEmpty();
    assertThat(browser.findElement(By.id("answer")).isDisplayed()).isFalse();
    assertThat(browser.executeScript("return document.activeElement.id"))
        .as("focus moves to the sign-in, not the body")
        .isEqualTo("token-input");
  }

  @Test
  void shouldSendOneQuestion_whenAskIsSubmittedTwiceAtOnce() throws Exception {
    open("");
    int before = aliceQueryCount();
    new Select(browser.findElement(By.id("datasource"))).selectByValue("demo");
    browser.findElement(By.id("question")).sendKeys(QUESTION);

    // Ctrl+Enter and the button, before the first POST can answer.
    browser.executeScript(
        "const form = document.querySelector('#ask-form');"
            + "form.requestSubmit(); form.requestSubmit();");
    awaitCompleted("");

    assertThat(aliceQueryCount()).as("queries stored for alice").isEqualTo(before + 1);
  }

  private int aliceQueryCount() throws Exception {
    return JSON.readTree(send(get("/users/alice/queries?limit=100", alice), 200).body())
        .path("items")
        .size();
  }

  @Test
  void shouldSignIn_whenATokenLinkIsOpenedInTheSameTab() {
    open("");
    browser.findElement(By.id("sign-out")).click();
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));

    browser.executeScript("location.hash = arguments[0]", "#token=" + alice);
    waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));

    assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();
    assertThat(browser.getCurrentUrl()).as("token left in the address bar").doesNotContain(alice);
    waitFor()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("select#datasource option[value='demo']")));
  }

  /** Opens the page with alice's token in the fragment, as `./sqm token` users do. */
  private void open(String query) {
    // A new document every time: from the page itself, only the fragment would change.
    browser.get("about:blank");
    browser.get(runtime.baseUri().resolve("/" + query).toString() + "#token=" + alice);
    waitFor()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("select#datasource option[value='demo']")));
  }

  /** Asks in the form on the demo data source; the id of the query the page then shows. */
  private String ask(String question) {
    new Select(browser.findElement(By.id("datasource"))).selectByValue("demo");
    WebElement field = browser.findElement(By.id("question"));
    field.clear();
    field.sendKeys(question);
    String before = browser.findElement(By.id("status")).getAttribute("data-query-id");
    browser.findElement(By.id("ask")).click();
    return awaitCompleted(before);
  }

  /**
   * Waits until {@code #status} shows a query other than {@code previousId} in a final state and
   * returns its id; a FAILED query fails the test with the page's error.
   */
  private String awaitCompleted(String previousId) {
    String status =
        waitFor()
            .until(
                page -> {
                  WebElement element = page.findElement(By.id("status"));
                  String id = element.getAttribute("data-query-id");
                  String state = element.getAttribute("data-status");
                  boolean fresh = id != null && !id.isEmpty() && !id.equals(previousId);
                  return fresh && ("COMPLETED".equals(state) || "FAILED".equals(state))
                      ? state
                      : null;
                });
    assertThat(status)
        .as("status; #error says: %s", browser.findElement(By.id("error")).getText())
        .isEqualTo("COMPLETED");
    // The status arrives first; the table and the chart are drawn from the same answer.
    waitFor()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#result-table tbody tr td[data-value]")));
    waitFor().until(page -> chartMarks() > 0);
    return browser.findElement(By.id("status")).getAttribute("data-query-id");
  }

  private WebDriverWait waitFor() {
    return new WebDriverWait(browser, ANSWER_TIMEOUT);
  }

  /** Each row's cells as their {@code data-value} JSON, in canonical form. */
  private List<List<String>> tableRows() throws IOException {
    Object cells =
        browser.executeScript(
            "return [...document.querySelectorAll('#result-table tbody tr')]"
                + ".map(tr => [...tr.querySelectorAll('td')].map(td => td.getAttribute('data-value')))");
    List<List<String>> rows = new ArrayList<>();
    for (Object row : (List<?>) cells) {
      List<String> values = new ArrayList<>();
      for (Object cell : (List<?>) row) {
        values.add(canonical(JSON.readTree(String.valueOf(cell))));
      }
      rows.add(values);
    }
    return rows;
  }

  private static List<List<String>> apiRows(JsonNode query) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : query.path("result").path("rows")) {
      List<String> values = new ArrayList<>();
      row.forEach(value -> values.add(canonical(value)));
      rows.add(values);
    }
    assertThat(rows).as("the API's rows").isNotEmpty();
    return rows;
  }

  /** JSON text with numbers by value: the page's 1234.5 is the API's 1234.50. */
  private static String canonical(JsonNode value) {
    return value.isNumber()
        ? value.decimalValue().stripTrailingZeros().toPlainString()
        : value.toString();
  }

  /** Data marks vega drew: items of SVG mark groups, or a canvas (which has no items to count). */
  private long chartMarks() {
    Object count =
        browser.executeScript(
            "const chart = document.getElementById('chart');"
                + "if (!chart) return 0;"
                + "const items = chart.querySelectorAll('svg g.role-mark > *').length;"
                + "return items > 0 ? items : chart.querySelectorAll('canvas').length;");
    return ((Number) count).longValue();
  }

  private void assertStagesFinished() throws IOException {
    List<String> known = new ArrayList<>();
    JSON.readTree(OpenApiDocument.load())
        .path("components")
        .path("schemas")
        .path("QueryStage")
        .path("enum")
        .forEach(stage -> known.add(stage.asText()));
    List<WebElement> stages = browser.findElements(By.cssSelector("ol#stages > li"));
    assertThat(stages).isNotEmpty();
    assertThat(stages)
        .extracting(stage -> stage.getAttribute("data-stage"))
        .allSatisfy(name -> assertThat(known).as("the API's stages").contains(name));
    assertThat(stages)
        .extracting(stage -> stage.getAttribute("data-state"))
        .allSatisfy(state -> assertThat(state).isIn("done", "skipped"))
        .contains("done");
  }

  private void emulateColorScheme(String scheme) {
    browser.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** The whole page, not only the window: the answer's table and SQL are below the chart. */
  private void screenshot(String name) throws IOException {
    Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
    Map<String, Object> clip =
        Map.of(
            "x", 0,
            "y", 0,
            "width", ((Number) size.get("width")).doubleValue(),
            "height", ((Number) size.get("height")).doubleValue(),
            "scale", 1);
    Map<String, Object> shot =
        browser.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.createDirectories(SCREENSHOTS);
    Files.write(
        SCREENSHOTS.resolve(name), Base64.getDecoder().decode(String.valueOf(shot.get("data"))));
  }

  private JsonNode apiQuery(String id) throws Exception {
    return JSON.readTree(send(get("/queries/" + id, alice), 200).body());
  }

  private HttpRequest get(String path, String token) {
    URI uri = runtime.baseUri().resolve(path);
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  private HttpResponse<String> send(HttpRequest request, int expectedStatus) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return response;
  }
}
