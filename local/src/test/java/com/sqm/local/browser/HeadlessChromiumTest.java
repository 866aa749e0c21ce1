package com.sqm.local.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessChromiumTest {
  @TempDir Path dir;

  @Test
  void shouldFailNamingTheMissingDriverAndHowToInstallIt_whenChromedriverIsMissing()
      throws IOException {
    HeadlessChromium chromium =
        new HeadlessChromium(executable("chromium"), dir.resolve("chromedriver"));

    assertThatThrownBy(chromium::requireInstalled)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("chromedriver").toString())
        .hasMessageStartingWith(dir.resolve("chromedriver") + " not found")
        .hasMessageContaining(".ci/run")
        .hasMessageContaining(
            "apt-get install -y --no-install-recommends chromium chromium-driver");
  }

  @Test
  void shouldFailNamingBoth_whenNeitherIsInstalled() {
    HeadlessChromium chromium =
        new HeadlessChromium(dir.resolve("chromium"), dir.resolve("chromedriver"));

    assertThatThrownBy(chromium::requireInstalled)
        .hasMessageStartingWith(
            dir.resolve("chromium") + " and " + dir.resolve("chromedriver") + " not found");
  }

  @Test
  void shouldFail_whenTheFileIsThereButNotExecutable() throws IOException {
    Path driver = Files.createFile(dir.resolve("chromedriver"));
    HeadlessChromium chromium = new HeadlessChromium(executable("chromium"), driver);

    assertThatThrownBy(chromium::requireInstalled).hasMessageContaining(driver.toString());
  }

  @Test
  void shouldAccept_whenBothAreExecutable() throws IOException {
    HeadlessChromium chromium =
        new HeadlessChromium(executable("chromium"), executable("chromedriver"));

    assertThatCode(chromium::requireInstalled).doesNotThrowAnyException();
  }

  @Test
  void shouldRunHeadlessWithoutSandboxOnTheGivenProfile_whenStarted() {
    HeadlessChromium chromium = HeadlessChromium.debian();

    assertThat(chromium.arguments(dir))
        .contains(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--user-data-dir=" + dir,
            "--window-size=1280,1000");
  }

  private Path executable(String name) throws IOException {
    return Files.createFile(
        dir.resolve(name),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  @Test
  void shouldUseTheNamedBrowserAndDriver_whenBothAreSet() {
    HeadlessChromium chromium =
        HeadlessChromium.fromEnvironment(
            Map.of(
                HeadlessChromium.BROWSER_SETTING, "/nowhere/chrome",
                HeadlessChromium.DRIVER_SETTING, "/nowhere/chromedriver"));

    assertThatThrownBy(chromium::requireInstalled)
        .hasMessageContaining("/nowhere/chrome")
        .hasMessageContaining("/nowhere/chromedriver");
  }

  @Test
  void shouldRefuse_whenOnlyOneOfBrowserAndDriverIsSet() {
    assertThatThrownBy(
            () ->
                HeadlessChromium.fromEnvironment(
                    Map.of(HeadlessChromium.BROWSER_SETTING, "/usr/bin/google-chrome")))
        .hasMessageContaining(HeadlessChromium.DRIVER_SETTING);
  }
}
