package com.sqm.local.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromium-driver, headless, with a fresh profile and
 * nothing that calls home. Both paths are given to Selenium, so Selenium Manager never runs (it
 * would try to download a browser and a driver); when either is missing the test fails and says how
 * to install them instead of skipping.
 */
public final class HeadlessChromium {
  public static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path DEBIAN_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String INSTALL_HINT =
      "the browser test needs Debian's chromium and chromium-driver: run .ci/run (it installs"
          + " them when missing) or apt-get install -y --no-install-recommends chromium"
          + " chromium-driver";

  private final Path chromium;
  private final Path chromedriver;

  public HeadlessChromium(Path chromium, Path chromedriver) {
    this.chromium = chromium;
    this.chromedriver = chromedriver;
  }

  /** Overrides the browser's path (e.g. a CI image's Chrome); with {@link #DRIVER_SETTING}. */
  public static final String BROWSER_SETTING = "SQM_CHROMIUM";

  /** Overrides the driver's path; with {@link #BROWSER_SETTING}. */
  public static final String DRIVER_SETTING = "SQM_CHROMEDRIVER";

  /** The Debian packages' paths. */
  public static HeadlessChromium debian() {
    return new HeadlessChromium(DEBIAN_CHROMIUM, DEBIAN_CHROMEDRIVER);
  }

  /**
   * The browser and driver {@code env} names ({@value #BROWSER_SETTING} and {@value
   * #DRIVER_SETTING}, both or neither: GitHub's runners bring Chrome and its driver elsewhere),
   * else Debian's.
   */
  public static HeadlessChromium fromEnvironment(Map<String, String> env) {
    String browser = env.get(BROWSER_SETTING);
    String driver = env.get(DRIVER_SETTING);
    boolean hasBrowser = browser != null && !browser.isBlank();
    boolean hasDriver = driver != null && !driver.isBlank();
    if (hasBrowser != hasDriver) {
      throw new IllegalStateException(
          "set both " + BROWSER_SETTING + " and " + DRIVER_SETTING + ", or neither");
    }
    return hasBrowser ? new HeadlessChromium(Path.of(browser), Path.of(driver)) : debian();
  }

  /** Throws, naming what is missing and how to install it, unless both executables are there. */
  public void requireInstalled() {
    List<String> missing = new ArrayList<>();
    for (Path executable : List.of(chromium, chromedriver)) {
      if (!Files.isExecutable(executable)) {
        missing.add(executable.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          String.join(" and ", missing) + " not found: " + INSTALL_HINT);
    }
  }

  /**
   * The command-line switches: headless, no sandbox (CI runs as root), no GPU, no background
   * traffic or updates, a 1280×1000 window and the given profile directory.
   */
  List<String> arguments(Path profile) {
    return List.of(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-first-run",
        "--no-default-browser-check",
        "--user-data-dir=" + profile,
        "--window-size=1280,1000");
  }

  /** Starts chromedriver and a browser on a new profile in {@code profile}. */
  public ChromeDriver start(Path profile) throws IOException {
    requireInstalled();
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(arguments(profile));
    // No "save password" or translation prompts over the page in screenshots.
    options.setExperimentalOption(
        "prefs", Map.of("credentials_enable_service", false, "translate.enabled", false));
    options.setPageLoadTimeout(Duration.ofSeconds(30));
    options.setScriptTimeout(Duration.ofSeconds(30));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .withSilent(true)
            .build();
    return new ChromeDriver(service, options);
  }
}
