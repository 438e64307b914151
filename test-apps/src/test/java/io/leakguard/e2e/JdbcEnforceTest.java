package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.demo.DemoService;
import io.leakguard.apps.jdbc.QuotaApp;
import io.leakguard.apps.jdbc.ReclaimApp;
import io.leakguard.apps.jdbc.WrappedPoolLeak;
import io.leakguard.apps.jdbc.SlowQuery;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Enforce mode for JDBC: reclaim (the demo service), the default query timeout, quotas. */
class JdbcEnforceTest {
    private static final Path JDK = Paths.get(System.getProperty("java.home"));
    private static final String DEMO = DemoService.class.getName();
    private static final String FAST = "scan.interval=250ms,leak.warn=500ms,leak.critical=1s";

    private static JvmRun app(Path jdk) throws Exception {
        return JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    private static int answered(JvmRun.Result r) {
        Matcher m = Pattern.compile("demo: (\\d+) of 8 requests answered").matcher(r.stdout);
        assertTrue(m.find(), r.toString());
        return Integer.parseInt(m.group(1));
    }

    @Test
    void withoutTheAgentTheDemoServiceRunsOutOfConnections() throws Exception {
        // Nothing here is timed: requests back to back, each failed one failing after 250 ms.
        JvmRun.Result bare = app(JDK).run(DEMO, "8", "0", "3", "250");
        assertEquals(3, answered(bare), bare.toString());
        assertTrue(bare.stdout.contains("Connection is not available"), bare.toString());
    }

    @OnEachJdk
    void inEnforceModeLeakedConnectionsAreReclaimedAndTheServiceKeepsAnswering(Path jdk) throws Exception {
        int line = SourceMarkers.of(DemoService.class).get("endpoint");
        String site = DEMO + ".leakyGreeting(DemoService.java:" + line + ")";
        // A request waits up to 3 s for a connection: a leaked one is reclaimed at the first scan
        // after it is 1 s old, and a slow machine may run that scan late. Without reclaim the
        // leaked connections never come back, however long a request waits.
        JvmRun.Result run = app(jdk).agent("mode=enforce," + FAST).report().run(DEMO, "8", "300", "3", "3000")
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(8, answered(run), run.toString());
        // Using a reclaimed handle fails with a message that says so and where it came from.
        assertTrue(run.stdout.contains("reusing the first leaked connection -> 500 leakguard reclaimed this connection")
                && run.stdout.contains("acquired at " + site), run.toString());
        List<Report.Finding> reclaimed = Report.of(run.report().lastScan(), "reclaimed", site);
        assertEquals(1, reclaimed.size(), run.toString());
        assertTrue(reclaimed.get(0).count >= 5, reclaimed.get(0).toString());
    }

    @Test
    void inMonitorModeTheLeakIsReportedAtTheEndpointsLineAndNothingChanges() throws Exception {
        int line = SourceMarkers.of(DemoService.class).get("endpoint");
        String site = DEMO + ".leakyGreeting(DemoService.java:" + line + ")";
        // The default install, as the README's demo runs it (before main(): every leaked
        // connection is seen).
        // Requests 100 ms apart, a failed one failing after 250 ms: all three leaked connections
        // are past leak.warn (500 ms) for over a second before the demo ends. Not asserted at
        // exit: the demo closes its pool first, HikariCP aborts the borrowed connections, and a
        // scan between that and the exit hook finds their handles released (rule 1; the fresh
        // clone of dcda726 saw it once: 1 of the 3 left at exit).
        JvmRun.Result run = app(JDK).env("LEAKGUARD_INSTALL", "auto").agent(FAST).report()
                .run(DEMO, "8", "100", "3", "250").assertAgentHealthy();
        assertEquals(3, answered(run), run.toString());
        assertFalse(run.stderr.contains("installed in the background in "), run.toString());
        List<Report.Finding> all = run.report().all;
        assertEquals(3L, all.stream().filter(f -> f.site.equals(site)).mapToLong(f -> f.count).max().orElse(0),
                "all three leaked connections, in one scan:\n" + run);
        assertTrue(all.stream().anyMatch(f -> f.site.equals(site) && f.kind.equals("critical")), run.toString());
        assertTrue(all.stream().noneMatch(f -> f.kind.equals("reclaimed")), run.toString());
        assertTrue(run.stderr.contains("via com.zaxxer.hikari.HikariDataSource (pool demo-pool)"), run.toString());
    }

    @OnEachJdk
    void defaultQueryTimeoutCancelsASlowPostgresQuery(Path jdk) throws Exception {
        DatabaseServers.require("postgres");
        JvmRun.Result run = app(jdk).agent("mode=enforce,jdbc.query-timeout=2s").run(SlowQuery.class.getName(), "60", "none")
                .assertAgentHealthy();
        Matcher m = Pattern.compile("SlowQuery: org.postgresql.util.PSQLException SQLState 57014 after (\\d+) ms")
                .matcher(run.stdout);
        assertTrue(m.find(), "the driver's own cancellation expected:\n" + run);
        long ms = Long.parseLong(m.group(1));
        // About 2 s: not the 60 s the query asked for. Wide bounds: these machines are shared.
        assertTrue(ms >= 1900 && ms < 20_000, ms + " ms\n" + run);
    }

    @Test
    void theApplicationsOwnTimeoutAndMonitorModeAreLeftAlone() throws Exception {
        DatabaseServers.require("postgres");
        JvmRun.Result own = app(JDK).agent("mode=enforce,jdbc.query-timeout=1s").run(SlowQuery.class.getName(), "2", "5")
                .assertAgentHealthy();
        assertTrue(own.stdout.contains("SlowQuery: completed after"), own.toString());
        JvmRun.Result monitor = app(JDK).agent("mode=monitor,jdbc.query-timeout=1s").run(SlowQuery.class.getName(), "2", "none")
                .assertAgentHealthy();
        assertTrue(monitor.stdout.contains("SlowQuery: completed after"), monitor.toString());
    }

    @Test
    void aPlainConnectionHeldPastCriticalIsReclaimedAndItsUseSaysWhy() throws Exception {
        int line = SourceMarkers.of(ReclaimApp.class).get("plain");
        String site = ReclaimApp.class.getName() + ".main(ReclaimApp.java:" + line + ")";
        JvmRun.Result run = app(JDK).agent("mode=enforce," + FAST).report().run(ReclaimApp.class.getName(), "plain")
                .assertAgentHealthy();
        assertTrue(run.stdout.contains("ReclaimApp: java.sql.SQLException: leakguard reclaimed this connection")
                && run.stdout.contains("acquired at " + site), run.toString());
        assertEquals(1, Report.of(run.report().lastScan(), "reclaimed", site).size(), run.toString());
    }

    @Test
    void aConnectionIsNeverReclaimedWhileAStatementExecutesOnIt() throws Exception {
        DatabaseServers.require("postgres");
        JvmRun.Result run = app(JDK).agent("mode=enforce," + FAST + ",jdbc.query-timeout=0")
                .run(ReclaimApp.class.getName(), "executing").assertAgentHealthy();
        // leak.critical (1 s) passed three times during the query: it still completed.
        assertTrue(run.stdout.contains("ReclaimApp: the 3 s query completed after"), run.toString());
        // Idle afterwards, it was reclaimed.
        assertTrue(run.stdout.contains("leakguard reclaimed this connection"), run.toString());
    }

    @Test
    void aWrapperDataSourceAroundAPoolIsOneAcquisition() throws Exception {
        int line = SourceMarkers.of(WrappedPoolLeak.class).get("wrapped");
        String site = WrappedPoolLeak.class.getName() + ".main(WrappedPoolLeak.java:" + line + ")";
        for (String pool : List.of("hikari", "dbcp2")) {
            JvmRun.Result run = app(JDK).agent("").report().run(WrappedPoolLeak.class.getName(), pool).assertAgentHealthy();
            List<Report.Finding> exit = run.report().lastScan();
            assertEquals(1, exit.size(), run.toString());
            assertEquals(site, exit.get(0).site, run.toString());
            assertEquals(1, exit.get(0).count, run.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hikari", "dbcp2"})
    void aConnectionQuotaRefusesWithTheQuotaAndTheTopHolders(String pool) throws Exception {
        int line = SourceMarkers.of(QuotaApp.class).get("held");
        String site = QuotaApp.class.getName() + ".main(QuotaApp.java:" + line + ")";
        JvmRun.Result run = app(JDK).agent("mode=enforce,jdbc.max-connections=3").report().run(QuotaApp.class.getName(), pool)
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("QuotaApp: refused after 3: java.sql.SQLTransientConnectionException: "
                + "leakguard refused a JDBC connection: quota jdbc.max-connections=3 reached (3 open). Top holders: 3 x "
                + site), run.toString());
        assertTrue(run.stdout.contains("QuotaApp: after release, granted true"), run.toString());
        assertEquals(1, Report.of(run.report().lastScan(), "quota-refused", site).size(), run.toString());

        JvmRun.Result perUser = app(JDK).agent("mode=enforce,jdbc.max-connections-per-user=2")
                .run(QuotaApp.class.getName(), pool).assertAgentHealthy();
        assertTrue(perUser.stdout.contains("QuotaApp: refused after 2: java.sql.SQLTransientConnectionException: "
                + "leakguard refused a JDBC connection: quota jdbc.max-connections-per-user=2 reached for"), perUser.toString());

        JvmRun.Result monitor = app(JDK).agent("jdbc.max-connections=3").run(QuotaApp.class.getName(), pool)
                .assertAgentHealthy();
        assertTrue(monitor.stdout.contains("QuotaApp: no refusal, holding 5"), "monitor mode never refuses\n" + monitor);
    }

    /**
     * A connection lost to the GC without close() gives its quota slot back when the agent finds
     * it collected (it is reported as a definite leak); it used to keep the slot for the life of
     * the process, so enough lost connections refused every new one.
     */
    @Test
    void aConnectionLostToTheGcGivesItsQuotaSlotBack() throws Exception {
        String site = QuotaApp.class.getName() + ".lose(QuotaApp.java:" + SourceMarkers.of(QuotaApp.class).get("lost") + ")";
        JvmRun.Result run = app(JDK).agent("mode=enforce,scan.interval=250ms,jdbc.max-connections=2").report()
                .run(QuotaApp.class.getName(), "lost").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("QuotaApp: after losing 2 to the GC, granted true"), run.toString());
        assertFalse(Report.of(run.report().all, "definite", site).isEmpty(), run.toString());
    }

    /**
     * Connection pressure (jdbc.max-connections as the measure): at 95 % the next borrow is refused
     * by the pressure level, naming the holders, before the quota itself is reached; a connection
     * given back is usable at once, not when the monitor next looks.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hikari", "dbcp2"})
    void criticalConnectionPressureRefusesAndLetsGoAsSoonAsConnectionsReturn(String pool) throws Exception {
        int line = SourceMarkers.of(QuotaApp.class).get("pressured");
        String site = QuotaApp.class.getName() + ".pressure(QuotaApp.java:" + line + ")";
        JvmRun.Result run = app(JDK).agent("mode=enforce,jdbc.max-connections=20")
                .run(QuotaApp.class.getName(), pool, "pressure").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("QuotaApp: at 95 %, refused: leakguard refused a JDBC connection: connection "
                + "pressure is critical (95 % of jdbc.max-connections). Top holders: 19 x " + site), run.toString());
        assertTrue(run.stdout.contains("QuotaApp: right after giving 5 back, granted true"), run.toString());
        // From normal, or through high if the monitor looked while the connections were being taken.
        assertTrue(run.stderr.contains(" -> critical: 19 of jdbc.max-connections=20 connections open"), run.toString());
    }

    @Test
    void aRefusalRightBeforeTheExitIsInTheExitReportAndNothingFollowsIt() throws Exception {
        // The refusal wakes the pressure monitor as the JVM begins to exit: its finding must be in
        // the exit report (taken at the exit if the monitor had not reported it yet), and no
        // reading may print after the report (a CI failure once: report.json's last scan was
        // the monitor's, not the exit report).
        JvmRun.Result run = app(JDK).agent("mode=enforce,jdbc.max-connections=20")
                .run(QuotaApp.class.getName(), "hikari", "pressure-exit").assertAgentHealthy();
        assertTrue(run.stdout.contains("QuotaApp: at 95 %, refused: leakguard refused a JDBC connection"), run.toString());
        int exit = run.stderr.indexOf("leakguard: exit report");
        assertTrue(exit >= 0, run.toString());
        assertTrue(run.stderr.indexOf("refused 1 new JDBC connections", exit) > 0,
                "the refusal is in the exit report:\n" + run);
        assertEquals(-1, run.stderr.indexOf("leakguard: scan:", exit), "nothing after the exit report:\n" + run);
    }
}
