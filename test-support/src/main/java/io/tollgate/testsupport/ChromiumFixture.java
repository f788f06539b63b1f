package io.tollgate.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Selenium through the distribution's chromedriver, with a fresh
 * profile, a laptop-sized window and no background traffic. Missing Chromium is a skip, or a
 * failure when {@code chromium} is named in {@code TOLLGATE_TEST_REQUIRE}.
 *
 * <pre>{@code
 * try (ChromiumFixture chromium = ChromiumFixture.start()) {
 *   chromium.driver().get(uri);
 *   chromium.screenshot(Path.of("target/screenshots/home.png"));
 * }
 * }</pre>
 */
public final class ChromiumFixture implements AutoCloseable {
  public static final File BINARY = new File("/usr/bin/chromium");
  public static final File DRIVER = new File("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private ChromiumFixture(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static ChromiumFixture start() {
    if (!BINARY.canExecute() || !DRIVER.canExecute()) {
      throw Components.unavailable(
          "chromium",
          BINARY + " or " + DRIVER + " is not installed (apt-get install chromium chromium-driver)",
          null);
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("tollgate-chromium-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a Chromium profile directory", e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return new ChromiumFixture(driver, profile);
    } catch (RuntimeException e) {
      throw Components.unavailable("chromium", "Chromium did not start: " + e.getMessage(), e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Writes a PNG of the current viewport to {@code file}, creating its directory. */
  public Path screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover temp profile is harmless
      }
    }
  }
}
