package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.scale.GcChurn;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The tracker in a JVM under heavy GC (a 32 MB heap, two threads allocating without pause, file
 * and lock traffic from virtual threads on JDK 21+, at least 100 collections while it runs): the streams dropped without close() are
 * every definite leak, each one found, and nothing that was closed is ever reported.
 */
@Isolated("CPU-heavy: two allocating threads and at least 100 collections")
class HeavyGcTest {
    @OnEachJdk
    void droppedStreamsAreExactlyTheDefiniteLeaks(Path jdk) throws Exception {
        int line = SourceMarkers.of(GcChurn.class).get("dropped");
        // site.budget=100: every acquisition gets its site, so all leaks fall on the one line.
        JvmRun.Result run = JvmRun.on(jdk).fullJit().jvmArg("-Xmx32m").agent("scan.interval=200ms,site.budget=100").report()
                .run(GcChurn.class.getName(), "2000", "4").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        boolean virtual = Jdks.feature(jdk) >= 21;
        Matcher m = Pattern.compile("GcChurn: (\\d+) files opened, (\\d+) dropped without close\\(\\), at least 100 "
                + "collections meanwhile, lock free, " + (virtual ? "virtual" : "platform") + " threads\n").matcher(run.stdout);
        assertTrue(m.matches(), run.toString());
        int dropped = Integer.parseInt(m.group(2));
        assertTrue(dropped >= 80, run.toString());
        String site = GcChurn.class.getName() + ".drop(GcChurn.java:" + line + ")";
        List<Report.Finding> definite = Report.of(run.report().lastScan(), "definite", site);
        assertEquals(1, definite.size(), run.toString());
        assertEquals(dropped, definite.get(0).count, run.toString());
        if (virtual) {
            // An unnamed virtual thread is named by its id, never left blank.
            assertTrue(definite.get(0).thread.matches("virtual #\\d+"), definite.get(0).toString());
        }
        // Leaks, as the console's finding lines are: a pressure level crossed is not one.
        for (Report.Finding f : run.report().all) {
            if (f.family.equals("pressure")) {
                continue;
            }
            assertEquals(site, f.site, "only the dropped streams are leaks: " + f + "\n" + run);
        }
        assertTrue(run.stderr.contains("leakguard: exit report"), run.toString());
    }
}
