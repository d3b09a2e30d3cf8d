package io.flowd.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through its chromedriver, with a fresh profile per browser.
 * Both paths are given to Selenium, so Selenium Manager never looks for (or downloads) a driver.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Path profile;
  final ChromeDriver driver;
  final String base;

  private Browser(String base) {
    this.base = base;
    try {
      profile = Files.createTempDirectory("flowd-chromium-");
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1600,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  /** Opens a browser on the console of the API at {@code base} (http://127.0.0.1:port). */
  static Browser open(String base) {
    return new Browser(base);
  }

  /** Returns whether the machine has the browser and driver the tests need. */
  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  void go(String path) {
    driver.get(base + path);
  }

  /** Signs in on the sign-in page with {@code token} and waits for the app's navigation. */
  void signIn(String token) {
    go("/ui");
    WebElement field = await(By.id("token"));
    field.sendKeys(token);
    driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    await(By.id("sign-out"));
  }

  WebElement await(By by) {
    return until(
        d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(100))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  /** Waits until the drawn node {@code nodeId} shows {@code status}; returns the node. */
  WebElement awaitNode(String nodeId, String status) {
    return until(
        d -> {
          for (WebElement node : d.findElements(By.cssSelector(".node[data-node-id]"))) {
            if (nodeId.equals(node.getAttribute("data-node-id"))
                && status.equals(node.getAttribute("data-status"))) {
              return node;
            }
          }
          return null;
        });
  }

  /** Waits until the run page shows the run in {@code status}. */
  void awaitRunStatus(String status) {
    until(
        d -> {
          List<WebElement> badges = d.findElements(By.cssSelector("#run-status .badge"));
          return !badges.isEmpty() && status.equals(badges.get(0).getAttribute("data-status"));
        });
  }

  Object script(String code, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(code, args);
  }

  /** Saves a PNG of the window under target/screenshots/. */
  Path screenshot(String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
