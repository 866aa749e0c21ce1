package com.sqm.local.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Runs the vendored axe-core ({@code src/test/resources/axe}, see its README) on the page a driver
 * shows and returns its violations.
 */
public final class AxeCheck {
  private static final String AXE_RESOURCE = "/axe/axe.min.js";
  private static final Set<String> BLOCKING = Set.of("serious", "critical");

  private final String axeSource;

  public AxeCheck() {
    try (InputStream in = AxeCheck.class.getResourceAsStream(AXE_RESOURCE)) {
      axeSource =
          new String(
              Objects.requireNonNull(in, AXE_RESOURCE + " is not on the test classpath")
                  .readAllBytes(),
              StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One rule broken on the page: its id, impact, help text and the offending elements. */
  public record Violation(String id, String impact, String help, List<String> targets) {
    public boolean blocking() {
      return BLOCKING.contains(impact);
    }

    @Override
    public String toString() {
      return id + " (" + impact + ": " + help + ") at " + targets;
    }
  }

  /** Injects axe (once per document) and runs every rule on the whole document. */
  public List<Violation> run(JavascriptExecutor page) {
    if (!Boolean.TRUE.equals(page.executeScript("return typeof window.axe === 'object'"))) {
      page.executeScript(axeSource);
    }
    Object answer =
        page.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + "  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact || '',"
                + "    help: v.help, targets: v.nodes.map(n => JSON.stringify(n.target))}))))"
                + "  .catch(e => done({error: String(e)}));");
    if (answer instanceof Map<?, ?> failure) {
      throw new IllegalStateException("axe.run failed: " + failure.get("error"));
    }
    List<Violation> violations = new ArrayList<>();
    for (Object item : (List<?>) answer) {
      Map<?, ?> v = (Map<?, ?>) item;
      List<String> targets = new ArrayList<>();
      for (Object target : (List<?>) v.get("targets")) {
        targets.add(String.valueOf(target));
      }
      violations.add(
          new Violation(
              String.valueOf(v.get("id")),
              String.valueOf(v.get("impact")),
              String.valueOf(v.get("help")),
              targets));
    }
    return violations;
  }

  /** The serious and critical violations only. */
  public List<Violation> blocking(JavascriptExecutor page) {
    return run(page).stream().filter(Violation::blocking).toList();
  }
}
