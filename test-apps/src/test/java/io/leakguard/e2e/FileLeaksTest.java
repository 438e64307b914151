package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.files.FileClean;
import io.leakguard.apps.files.FileLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Files leaked in every tracked way, found through the built jar in a forked JVM, on each JDK. */
import org.junit.jupiter.api.io.TempDir;

class FileLeaksTest {
    private static final String LEAKS = FileLeaks.class.getName();
    private static final String SITE = LEAKS + ".main(FileLeaks.java:";

    @OnEachJdk
    void everyLeakIsReportedOnceAtTheLineThatOpenedIt(Path jdk, @TempDir Path tmp) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(FileLeaks.class);
        assertEquals(21, lines.size(), "markers in FileLeaks.java: " + lines);
        Path json = tmp.resolve("findings.jsonl");

        JvmRun.Result bare = JvmRun.on(jdk).run(LEAKS, "1500");
        JvmRun.Result run = JvmRun.on(jdk)
                .agent("scan.interval=300ms,leak.warn=1s,leak.critical=1h,report.json=" + json)
                .run(LEAKS, "1500")
                .assertAgentHealthy();

        // Monitor mode changes nothing the program does.
        assertEquals(3, bare.exitCode, bare.toString());
        assertEquals(bare.exitCode, run.exitCode, run.toString());
        assertEquals(bare.stdout, run.stdout, run.toString());
        assertEquals("FileLeaks: holding 24 resources, lost 1\n", run.stdout);

        Report report = Report.read(json);
        List<Report.Finding> all = report.all;
        List<Report.Finding> exit = report.lastScan();
        for (Map.Entry<String, Integer> e : lines.entrySet()) {
            String name = e.getKey();
            if (name.equals("lost-to-gc") || name.equals("holder-field")) {
                continue;
            }
            // Held 1.5 s with leak.warn=1s: each open resource is in the exit summary once, as a
            // warning (or open-at-exit if it was opened less than a second before exit).
            List<Report.Finding> f = Report.at(exit, SITE + e.getValue() + ")");
            assertEquals(1, f.size(), name + " should be one finding at line " + e.getValue() + "\n" + run);
            int expected = name.equals("loop") ? 5 : 1;
            assertEquals(expected, f.get(0).count, name + ": " + f.get(0));
            assertEquals("file", f.get(0).family, name + ": " + f.get(0));
        }
        // A class that opens a stream into a field (not a resource subclass): its constructor's line.
        String holderSite = LEAKS + "$StreamHolder.<init>(FileLeaks.java:" + lines.get("holder-field") + ")";
        assertEquals(1, Report.at(exit, holderSite).size(), run.toString());
        // The stream dropped without close() is a definite leak, at its own line.
        String lostSite = LEAKS + ".loseToGc(FileLeaks.java:" + lines.get("lost-to-gc") + ")";
        List<Report.Finding> definite = Report.of(exit, "definite", lostSite);
        assertEquals(1, definite.size(), run.toString());
        assertEquals(1, definite.get(0).count);
        // Held past leak.warn (1 s) while the program waited: warnings during the run.
        assertFalse(Report.of(all, "warn", SITE + lines.get("fis-file") + ")").isEmpty(), run.toString());

        // No finding anywhere else: the archives written and closed at the start are not leaks,
        // and the class path's own jars are the JDK's.
        Set<String> expectedSites = new HashSet<>();
        for (int line : lines.values()) {
            expectedSites.add(SITE + line + ")");
        }
        expectedSites.add(lostSite);
        expectedSites.add(holderSite);
        for (Report.Finding f : all) {
            assertTrue(expectedSites.contains(f.site), "unexpected finding: " + f + "\n" + run);
        }

        // In the documented schema, created owner-only.
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(json)));
        for (Report.Finding f : all) {
            for (String key : List.of("time", "kind", "family", "site", "count", "oldestAgeMillis", "thread",
                    "resources", "stack", "action")) {
                assertTrue(f.json.has(key), key + " missing in " + f);
            }
        }
        Report.Finding gc = definite.get(0);
        assertEquals("file", gc.family);
        assertEquals("main", gc.thread);
        assertTrue(Json.texts(gc.json.path("resources")).stream().anyMatch(r -> r.contains("data.txt")), gc.toString());
        List<String> stack = gc.stack();
        assertTrue(stack.get(0).contains("FileInputStream.<init>"), stack.toString());
        assertTrue(stack.get(1).contains(lostSite.replace("io.leakguard.apps.files.", "")), stack.toString());
        // The exit summary is the last batch: one record per marker (warn or open-at-exit) plus
        // the definite one; the warnings during the run came before it.
        long warnOrOpen = exit.stream().filter(f -> f.kind.equals("open-at-exit") || f.kind.equals("warn"))
                .map(f -> f.site).distinct().count();
        assertEquals(lines.size() - 1, warnOrOpen, report.toString());
    }

    @OnEachJdk
    void aProgramThatClosesEverythingReportsNothing(Path jdk) throws Exception {
        JvmRun.Result bare = JvmRun.on(jdk).run(FileClean.class.getName(), "0");
        JvmRun.Result run = JvmRun.on(jdk)
                .agent("scan.interval=250ms,leak.warn=1s,leak.critical=2s").report()
                .run(FileClean.class.getName(), "1500")
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(bare.stdout, run.stdout, run.toString());
        assertTrue(run.stdout.startsWith("FileClean: checksum"), run.toString());
        assertTrue(run.report().all.isEmpty(), run.toString());
        for (String l : run.agentLines()) {
            assertTrue(l.startsWith("leakguard 0."), "only the start line is expected: " + l + "\n" + run);
        }
    }
}
