package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.SharedStacksLoop;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ci mode's shared stacks, in a forked JVM with the built jar: 200 HikariCP borrows (over H2) at
 * one line of main(), and 200 FileInputStreams at another, share their trace from the third on
 * (ci.stacks=shared, the default), and the one of each left open is still reported at its line; with ci.stacks=every nothing
 * is shared and the report is the same. Which tests fail and at which lines, with sharing on, is
 * CiPrecisionTest's (Rule10SharedStacksTest in its sample).
 */
class SharedStacksTest {
    private static final String APP = SharedStacksLoop.class.getName();
    private static final Pattern SHARED = Pattern.compile("SharedStacksLoop: holding 1 and 1, shared (\\d+)");

    @OnEachJdk
    void borrowsAtOneLineShareATraceAndTheLeakIsStillNamedThere(Path jdk) throws Exception {
        long shared = sharedAndNamed(jdk, "mode=ci");
        assertTrue(shared >= 380, "most of 200 borrows and 200 file opens, each at one line, share a trace: " + shared);
    }

    @OnEachJdk
    void everyStackIsItsOwnWithCiStacksEvery(Path jdk) throws Exception {
        assertEquals(0, sharedAndNamed(jdk, "mode=ci,ci.stacks=every"));
    }

    /** Runs the loop; asserts the leak's report; returns how many acquisitions shared a trace. */
    private static long sharedAndNamed(Path jdk, String options) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(SharedStacksLoop.class);
        JvmRun.Result run = JvmRun.on(jdk).jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn").agent(options)
                .classPath(JvmRun.appsClassPath())
                .report().run(APP).assertAgentHealthy();
        Matcher m = SHARED.matcher(run.stdout);
        assertTrue(m.find(), run.toString());
        String site = APP + ".main(SharedStacksLoop.java:" + lines.get("loop") + ")";
        List<Report.Finding> at = Report.at(run.report().lastScan(), site);
        assertEquals(1, at.size(), "the one borrow left open, at the loop's line: " + run);
        assertTrue(at.get(0).stack().stream().anyMatch(f -> f.startsWith(APP + ".main(SharedStacksLoop.java:")),
                at.get(0).toString());
        String fileSite = APP + ".main(SharedStacksLoop.java:" + lines.get("file-loop") + ")";
        assertEquals(1, Report.at(run.report().lastScan(), fileSite).size(), "the one file left open: " + run);
        return Long.parseLong(m.group(1));
    }
}
