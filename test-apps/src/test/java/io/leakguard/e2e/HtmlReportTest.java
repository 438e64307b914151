package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.attach.AttachTarget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The HTML report as a person sees it, in a real headless Chromium: the ci sample's build (the
 * README's recipe, offline) writes target/leakguard/report.html next to report.json; the page
 * renders, shows the run's known findings (the failed tests, the acquisition lines), folds each
 * stack until clicked, fetches nothing and logs no console error. Then {@code report <pid> --html}
 * of a live JVM, through the attach CLI, in the same browser session. The ci page's screenshot is
 * left at target/leakguard-report.png (docs/report.png is one).
 */
@Isolated("runs a Maven build")
class HtmlReportTest {
    private static final Path SAMPLE = Paths.get("src/it/ci-sample").toAbsolutePath();

    @Test
    void theCiReportAndTheLiveReportRenderInABrowser(@TempDir Path tmp) throws Exception {
        Path jdk = Paths.get(System.getProperty("java.home"));
        try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(tmp.resolve("profile")))) {
            Path project = copySample(tmp.resolve("ci-sample"));
            String log = mvn(project, jdk, tmp.resolve("m2"));
            assertTrue(log.contains("Tests run: 13, Failures: 7"), log);
            Path html = project.resolve("target/leakguard/report.html");
            assertTrue(Files.isRegularFile(html) && Files.isRegularFile(html.resolveSibling("report.json")), log);
            ciPage(browser, html);

            livePage(browser, jdk, tmp);
        }
    }

    private static void ciPage(HeadlessChromium browser, Path html) throws Exception {
        browser.open(html);
        assertEquals("leakguard: ci run", browser.driver.getTitle());
        assertEquals("7", text(browser, "#tests-failed"));
        String failed = text(browser, "#failed-tests");
        for (String test : List.of("sample.LeakyTest.leaksAFile", "sample.LeakyTest.leaksAConnection",
                "sample.LeakyTest.leaksASocket", "sample.LeakyTest.leaksInAHelperThread", "sample.LeakyTest.leaksALock",
                "sample.LegacyTest.leaksAFile", "org.apache.commons.dbcp2.sample.PoolsOwnSuiteTest.leaksAConnection")) {
            assertTrue(failed.contains(test), test + " in\n" + failed);
        }
        assertFalse(failed.contains("closesItsFile"), failed);
        List<String> lines = browser.driver.findElements(By.cssSelector("article.site code.line")).stream()
                .map(WebElement::getText).collect(Collectors.toList());
        for (String[] m : new String[][] {{"LeakyTest", "file", "leaksAFile"}, {"LeakyTest", "connection", "leaksAConnection"},
                {"LeakyTest", "socket", "leaksASocket"}, {"LeakyTest", "lock", "leaksALock"},
                {"LegacyTest", "junit4-file", "leaksAFile"}}) {
            String line = "sample." + m[0] + "." + m[2] + "(" + m[0] + ".java:" + line(m[0], m[1]) + ")";
            assertTrue(lines.contains(line), line + " in " + lines);
        }
        // The file site: its test, its resource, and its stack folded until the summary is clicked.
        WebElement site = browser.driver.findElements(By.cssSelector("article.site")).stream()
                .filter(e -> e.getText().contains("sample.LeakyTest.leaksAFile(")).findFirst().orElseThrow();
        assertTrue(site.getText().contains("sample.LeakyTest.leaksAFile\n") && site.getText().contains("/tmp/ci-sample"),
                site.getText());
        WebElement stack = site.findElement(By.cssSelector("details.stack pre"));
        assertFalse(stack.isDisplayed(), "the stack starts folded");
        site.findElement(By.cssSelector("details.stack summary")).click();
        assertTrue(stack.isDisplayed() && stack.getText().contains("at java.base/java.io.FileInputStream.<init>"),
                stack.getText());
        assertNoFetchesAndNoErrors(browser);
        // The top of the page as a person first sees it (the summary, the first sites).
        browser.driver.executeScript("window.scrollTo(0, 0)");
        Files.copy(browser.driver.getScreenshotAs(OutputType.FILE).toPath(), Paths.get("target/leakguard-report.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Attach to a running JVM, then its report as a page: the same renderer, the live rows. */
    private static void livePage(HeadlessChromium browser, Path jdk, Path tmp) throws Exception {
        String site = AttachTarget.class.getName() + ".leakOne(AttachTarget.java:"
                + SourceMarkers.of(AttachTarget.class).get("tick") + ")";
        Path dir = Files.createDirectories(tmp.resolve("live"));
        Process target = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-Djava.io.tmpdir=" + dir, "-cp",
                JvmRun.APP_CLASSES, AttachTarget.class.getName(), dir.resolve("stop").toString())
                .redirectError(dir.resolve("target-stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = Pattern.compile("AttachTarget pid (\\d+) holding (\\S+)").matcher(String.valueOf(out.readLine()));
            assertTrue(m.find());
            String pid = m.group(1);
            AgentCli attach = AgentCli.run(jdk, "attach", pid);
            assertEquals(0, attach.exit, attach.toString());
            // `report <pid> --html > now.html`: standard output alone is the page.
            Path now = dir.resolve("now.html");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String page;
            do {
                Process cli = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-jar", JvmRun.AGENT_JAR.toString(),
                        "report", pid, "--html").redirectOutput(now.toFile())
                        .redirectError(dir.resolve("cli-stderr.txt").toFile()).start();
                assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, cli.exitValue(), Files.readString(dir.resolve("cli-stderr.txt")));
                page = Files.readString(now);
            } while (!page.contains(site) && System.nanoTime() < deadline);
            assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains(site), page);

            browser.open(now);
            assertEquals("leakguard: live JVM " + pid, browser.driver.getTitle());
            assertTrue(browser.driver.findElements(By.cssSelector("article.site code.line")).stream()
                    .anyMatch(e -> e.getText().equals(site)), browser.driver.getPageSource());
            assertTrue(Integer.parseInt(text(browser, "#resource-count")) >= 1);
            assertTrue(text(browser, "#before-attach").contains(m.group(2)), "the file held since before the attach");
            assertNoFetchesAndNoErrors(browser);
        } finally {
            Files.writeString(dir.resolve("stop"), "");
            if (!target.waitFor(30, TimeUnit.SECONDS)) {
                target.destroyForcibly();
            }
        }
    }

    private static String text(HeadlessChromium browser, String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }

    /** The page loaded nothing beside itself and said nothing at level SEVERE (a CSP violation would). */
    private static void assertNoFetchesAndNoErrors(HeadlessChromium browser) {
        Object fetched = browser.driver.executeScript("return performance.getEntriesByType('resource').length");
        assertEquals(0L, fetched, "resources the page fetched");
        List<String> errors = browser.consoleErrors();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
    }

    private static Path copySample(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(SAMPLE)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = dir.resolve(SAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }

    /** `mvn test` on the sample, offline when the local repository has its plugins (as CiModeTest runs it). */
    private static String mvn(Path project, Path jdk, Path m2) throws Exception {
        Path repository = AgentRepository.create(Files.createDirectories(m2));
        String log = "";
        for (boolean offline : new boolean[] {true, false}) {
            List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "test", "-Dmaven.repo.local=" + repository,
                    "-Dleakguard.version=" + JvmRun.AGENT_VERSION));
            if (offline) {
                cmd.add("-o");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(project.resolve("build.log").toFile());
            pb.environment().put("JAVA_HOME", jdk.toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("LEAKGUARD_"));
            Process p = pb.start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "mvn timed out");
            log = Files.readString(project.resolve("build.log"), StandardCharsets.UTF_8);
            assertNotEquals(0, p.exitValue(), "the leaking tests fail the build:\n" + log);
            if (!log.contains("offline mode")) {
                break;
            }
        }
        return log;
    }

    private static int line(String testClass, String marker) throws Exception {
        List<String> src = Files.readAllLines(SAMPLE.resolve("src/test/java/sample/" + testClass + ".java"));
        for (int i = 0; i < src.size(); i++) {
            if (src.get(i).contains("// LEAK: " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no marker " + marker + " in " + testClass);
    }
}
