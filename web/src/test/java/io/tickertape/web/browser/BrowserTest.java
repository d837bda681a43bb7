package io.tickertape.web.browser;

import io.tickertape.digest.recipients.Recipient;
import io.tickertape.digest.recipients.RecipientStore;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.web.WebSettings;
import io.tickertape.web.testing.RunningWeb;
import io.tickertape.web.testing.SignalRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pages in a real browser: headless Debian Chromium driven by chromedriver (apt: chromium, chromium-driver).
 * The signal list renders its rows, a signal page draws its SVG chart, the unsubscribe button works, and the
 * browser reports no Content-Security-Policy violation. Screenshots go to target/screenshots/.
 */
class BrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static RunningWeb web;
    private static WebDriver browser;
    private static List<Signal> signals;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium or chromedriver is not installed (apt-get install chromium chromium-driver); browser test skipped");
        web = new RunningWeb(WebSettings.defaults(0), null);
        Instant now = SignalRows.dbNow(web.db.jdbi());
        signals = SignalRows.signals(12, now);
        signals.forEach(s -> SignalRows.insert(web.db.jdbi(), s, now));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1100,1000", "--user-data-dir=" + Files.createTempDirectory("tickertape-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withTimeout(Duration.ofSeconds(60)).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
        }
    }

    @Test
    void theSignalListRendersAndLinksToAPageWithAChart() throws Exception {
        browser.get(web.base() + "/signals");
        List<WebElement> rows = browser.findElements(By.cssSelector("#signals tbody tr.signal"));
        assertThat(rows).hasSize(12);
        assertThat(rows.getFirst().getText()).contains("NVDA").contains("BUY");
        // The stylesheet loaded (same origin, allowed by the CSP): the header is dark.
        assertThat(browser.findElement(By.tagName("header")).getCssValue("background-color")).isEqualTo("rgba(17, 24, 39, 1)");
        screenshot("signals");

        rows.getFirst().findElement(By.tagName("a")).click();
        WebElement chart = browser.findElement(By.cssSelector("svg#chart"));
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(chart.getSize().getWidth()).isGreaterThan(300);
        assertThat(browser.findElements(By.cssSelector("svg#chart rect.bar"))).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#explanation li"))).hasSize(3);
        assertThat(browser.findElement(By.id("article-link")).getAttribute("href")).startsWith("https://news.example.com/");
        screenshot("signal");
        assertNoCspViolations();
    }

    @Test
    void theUnsubscribeButtonUnsubscribes() throws Exception {
        Recipient carol = new RecipientStore(web.db.jdbi()).add("carol@example.com", "Carol");
        browser.get(web.base() + "/unsubscribe?token=" + carol.unsubscribeToken());
        screenshot("unsubscribe");
        assertThat(active(carol)).isTrue(); // showing the page changes nothing
        browser.findElement(By.id("unsubscribe")).click();
        assertThat(browser.findElement(By.id("unsubscribed")).getText()).contains("You will not receive");
        screenshot("unsubscribed");
        assertThat(active(carol)).isFalse();
        assertNoCspViolations();
    }

    @Test
    void aHostileTickerFilterStaysText() throws Exception {
        browser.get(web.base() + "/signals?ticker=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
        assertThat(browser.findElement(By.id("filter-ticker")).getText()).isEqualTo("Ticker: <IMG SRC=X ONERROR=ALERT(1)>");
        assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();
        screenshot("hostile-filter");
    }

    private static boolean active(Recipient r) {
        return web.db.jdbi().withHandle(h -> h.createQuery("SELECT active FROM digest_recipients WHERE recipient_id = :id")
                .bind("id", r.id()).mapTo(Boolean.class).one());
    }

    private static void assertNoCspViolations() {
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
        assertThat(violations).isEmpty();
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
