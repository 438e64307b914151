package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.InUseReclaimApp;
import io.leakguard.apps.pressure.DescriptorHog;
import io.leakguard.apps.pressure.LongLivedApp;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Enforce mode never destroys what is in use: reclaim takes back only connections evidently
 * leaked (idle past leak.critical, no open result set, no transaction), files and sockets only
 * when reclaim.families opts in, and only at descriptor pressure; and every enforce action is
 * on stderr, even for a burst that crosses every level between two pressure readings.
 */
class ReclaimEvidenceTest {
    private static final String FAST = "mode=enforce,scan.interval=250ms,leak.warn=500ms,leak.critical=1s";

    private static JvmRun app(Path jdk) throws Exception {
        return JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    private static String site(Class<?> app, String method, String marker) throws Exception {
        return app.getName() + "." + method + "(" + app.getSimpleName() + ".java:" + SourceMarkers.of(app).get(marker) + ")";
    }

    @OnEachJdk
    void aConnectionInUseIsNeverReclaimedAndAnIdleLeakedOneIs(Path jdk) throws Exception {
        Class<?> a = InUseReclaimApp.class;
        JvmRun.Result run = app(jdk).agent(FAST).report().run(a.getName()).assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        // Used every 200 ms for 8 s (queries, a commit, connection calls only, a result set read slowly).
        assertTrue(run.stdout.contains("InUseReclaimApp: busy: next call ok"), run.toString());
        // An open transaction and an open cursor are use too, however long they sit.
        assertTrue(run.stdout.contains("InUseReclaimApp: transaction: commit ok"), run.toString());
        assertTrue(run.stdout.contains("InUseReclaimApp: cursor: next row ok"), run.toString());
        // The same through the application's own wrapper proxy over the pool's handle.
        assertTrue(run.stdout.contains("InUseReclaimApp: wrapped: commit ok"), run.toString());
        assertTrue(run.stdout.contains("InUseReclaimApp: idle: leakguard reclaimed this connection"), run.toString());
        List<Report.Finding> exit = run.report().lastScan();
        assertEquals(1, Report.of(exit, "reclaimed", site(a, "main", "idle")).size(), run.toString());
        for (String kept : List.of("busy", "transaction", "cursor", "wrapped")) {
            assertTrue(Report.of(exit, "reclaimed", site(a, "main", kept)).isEmpty(), kept + "\n" + run);
        }
    }

    @OnEachJdk
    void descriptorPressureClosesLongLivedFilesAndSocketsOnlyWhenOptedIn(Path jdk) throws Exception {
        Class<?> a = LongLivedApp.class;
        JvmRun.Result byDefault = app(jdk).shell("ulimit -n 256").agent(FAST).run(a.getName(), "fd").assertAgentHealthy();
        assertTrue(byDefault.stdout.contains("LongLivedApp: open failed after"), "pressure reached:\n" + byDefault);
        assertTrue(byDefault.stderr.contains("fd pressure elevated -> high"), byDefault.toString());
        assertTrue(byDefault.stdout.contains("LongLivedApp: log write ok"), byDefault.toString());
        assertTrue(byDefault.stdout.contains("LongLivedApp: socket write ok, peer read 42"), byDefault.toString());

        JvmRun.Result optedIn = app(jdk).shell("ulimit -n 256").agent(FAST + ",reclaim.families=jdbc;file;socket")
                .report().run(a.getName(), "fd").assertAgentHealthy();
        assertTrue(optedIn.stdout.contains("LongLivedApp: log write failed"), optedIn.toString());
        assertTrue(optedIn.stdout.contains("LongLivedApp: socket write failed"), optedIn.toString());
        List<Report.Finding> exit = optedIn.report().lastScan();
        assertEquals(1, Report.of(exit, "reclaimed", site(a, "main", "log")).size(), optedIn.toString());
    }

    @OnEachJdk
    void connectionPressureNeverClosesFilesOrSockets(Path jdk) throws Exception {
        JvmRun.Result run = app(jdk).agent(FAST + ",jdbc.max-connections=4,reclaim.families=jdbc;file;socket")
                .run(LongLivedApp.class.getName(), "jdbc", "4").assertAgentHealthy();
        assertTrue(Pattern.compile("\\[pressure] jdbc pressure \\w+ -> (high|critical)").matcher(run.stderr).find(),
                "connection pressure reached:\n" + run);
        assertTrue(run.stdout.contains("LongLivedApp: log write ok"), run.toString());
        assertTrue(run.stdout.contains("LongLivedApp: socket write ok, peer read 42"), run.toString());
    }

    @OnEachJdk
    void aBurstBetweenTwoReadingsReportsEveryLevelTheDumpAndTheRefusal(Path jdk) throws Exception {
        // No pause between opens: the limit is reached in milliseconds, the files closed at once after.
        JvmRun.Result run = JvmRun.on(jdk).shell("ulimit -n 256").agent("mode=enforce")
                .run(DescriptorHog.class.getName(), "0", "1500").assertAgentHealthy();
        assertTrue(run.stdout.contains("open failed after") && run.stdout.contains("leakguard refused to open"),
                run.toString());
        for (String crossed : List.of("normal -> elevated", "elevated -> high", "high -> critical")) {
            assertTrue(run.stderr.contains("leakguard: [pressure] fd pressure " + crossed), crossed + "\n" + run);
        }
        assertTrue(run.stderr.contains("leakguard: holder dump (fd pressure elevated: "), run.toString());
        assertTrue(Pattern.compile("\\[pressure] fd pressure \\w+: refused 1 new files and sockets; first: "
                + "leakguard refused to open ").matcher(run.stderr).find(), run.toString());
    }
}
