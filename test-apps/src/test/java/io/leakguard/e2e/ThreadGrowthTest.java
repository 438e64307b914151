package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.threads.ExecutorPerCall;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Issue 16, threads (monitor): an executor created per call and never shut down leaves two
 * threads per call running; past thread.warn the line that created the executor is reported (its
 * workers started lazily, on whichever call submitted the first tasks, count at that line). An
 * executor that is shut down, and five parked threads (under thread.warn), are not reported.
 */
class ThreadGrowthTest {
    private static final String APP = ExecutorPerCall.class.getName();

    @OnEachJdk
    void anExecutorPerCallIsReportedAtTheLineThatCreatesIt(Path jdk) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(ExecutorPerCall.class);
        // thread.warn=29: the count at the line reaches 30 only when the 15th call returns, so the
        // first scan past the threshold sees the final count (with a lower threshold a scan during
        // the calls reported 24, and the app stops waiting at the first finding).
        JvmRun.Result run = JvmRun.on(jdk).agent("thread.warn=29,scan.interval=250ms").report().run(APP, "15")
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        String site = APP + ".handle(ExecutorPerCall.java:" + lines.get("executor") + ")";
        assertTrue(run.stdout.contains("ExecutorPerCall: findings [thread-growth] 30 x thread at " + site + ";"), run.toString());
        List<Report.Finding> growth = run.report().all.stream().filter(f -> f.kind.equals("thread-growth")).toList();
        assertEquals(1, growth.size(), run.toString());
        Report.Finding f = growth.get(0);
        assertEquals(site, f.site, f.toString());
        assertEquals("thread", f.family, f.toString());
        assertEquals(30, f.count, f.toString());
        assertEquals("main", f.thread, f.toString());
        assertTrue(f.stack().get(0).equals(site), f.toString());
        assertTrue(run.stderr.contains("leakguard: [thread-growth] 30 threads running at once, started from one line, past "
                + "thread.warn"), run.toString());
        assertTrue(run.stderr.contains("30 running (thread.warn=29), 30 of them workers of executors created here"), run.toString());
    }

    @OnEachJdk
    void offMeansNotTracked(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).agent("thread=off,thread.warn=20,scan.interval=250ms").run(APP, "2", "no-wait")
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stderr.contains("tracking files, sockets, JDBC, locks)"), run.toString());
    }
}
