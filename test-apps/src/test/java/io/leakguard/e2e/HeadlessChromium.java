package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The OS's headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs),
 * driven by Selenium. Nothing is downloaded: the browser and its driver are named by path, so
 * Selenium Manager has nothing to look up. Where they are missing the test is skipped, except
 * under CI=true, where a missing browser is a failure (it would hide an untested report).
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BROWSER = Paths.get(System.getProperty("leakguard.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Paths.get(System.getProperty("leakguard.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts one browser session, or skips the test (fails it under CI=true) when there is no browser. */
    static HeadlessChromium start(Path profile) {
        boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("headless Chromium is missing (" + BROWSER + ", " + DRIVER + "): .ci/run installs chromium and chromium-driver");
        }
        assumeTrue(present, "no headless Chromium here (apt-get install chromium chromium-driver)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(BROWSER.toFile());
        // As root in a container: no sandbox; and no background traffic to hosts this machine cannot reach.
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1200,1500", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, o));
    }

    /** What the page wrote to the console at level SEVERE (errors, blocked loads, CSP violations) since the last call. */
    List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return out;
    }

    void open(Path file) {
        driver.get(file.toUri().toString());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
