package sample;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * ci.grace learned per path: a test repeated six times that drops a file it opened on every
 * repetition (the first three wait the full ci.grace, the rest a short wait once the path is
 * proven), and one whose file another thread closes 80 ms after each repetition ends (inside the
 * grace: it passes every time, and its path is never taken for a leaking one). Run on its own
 * (-Dtest=GraceTest): the pom excludes it from the sample's main run, whose counts the other
 * ci-mode tests check.
 */
class GraceTest {
    private static Path data;
    /** Started before any test: its thread works for no test, as a pool's housekeeping thread. */
    private static ScheduledExecutorService closer;

    @BeforeAll
    static void setUp() throws Exception {
        data = Files.createTempFile("ci-sample-grace", ".txt");
        closer = Executors.newSingleThreadScheduledExecutor();
        closer.submit(() -> { }).get();
    }

    @AfterAll
    static void tearDown() throws Exception {
        closer.shutdownNow();
        Files.deleteIfExists(data);
    }

    @RepeatedTest(6)
    void dropsAFileEveryTime() throws Exception {
        FileInputStream in = new FileInputStream(data.toFile());                 // LEAK: every time
        in.read();
    }

    @RepeatedTest(6)
    void handsItsFileToAThreadThatClosesItSoonAfter() throws Exception {
        FileInputStream in = new FileInputStream(data.toFile());
        in.read();
        closer.schedule(() -> {
            in.close();
            return null;
        }, 80, TimeUnit.MILLISECONDS);
    }
}
