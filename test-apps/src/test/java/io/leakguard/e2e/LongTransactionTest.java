package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.defenses.TransactionApp;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, long transactions: a transaction left open on PostgreSQL is reported at its first
 * statement's line, with the connection and the pool; idle in transaction is said separately.
 * The program ends each transaction once the agent reported it (it polls the agent's MBean).
 */
class LongTransactionTest {
    private static final Path JDK = Paths.get(System.getProperty("java.home"));
    private static final String APP = TransactionApp.class.getName();

    private static JvmRun app(Path jdk) throws Exception {
        return JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    private static String site(String marker) throws Exception {
        return APP + "." + method(marker) + "(TransactionApp.java:" + SourceMarkers.of(TransactionApp.class).get(marker) + ")";
    }

    private static String method(String marker) {
        switch (marker) {
            case "busy-start": return "busy";
            case "idle-start": return "idle";
            default: return "poolDefault";
        }
    }

    @OnEachJdk
    void aBusyTransactionLeftOpenIsReportedAtItsFirstStatement(Path jdk) throws Exception {
        DatabaseServers.require("postgres");
        // Statements every 50 ms: long, never idle for jdbc.tx-idle-warn (10 s here).
        JvmRun.Result run = app(jdk).agent("scan.interval=250ms,jdbc.tx-warn=1s,jdbc.tx-idle-warn=10s").report()
                .run(APP, "long").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("TransactionApp: long transaction reported true"), run.toString());
        String site = site("busy-start");
        List<Report.Finding> found = Report.of(run.report().all, "long-transaction", site);
        assertEquals(1, found.size(), "one finding for the one transaction, at its first statement:\n" + run);
        Report.Finding f = found.get(0);
        assertEquals("jdbc", f.family, f.toString());
        assertEquals("transaction", f.type, f.toString());
        assertTrue(f.stack().contains(site), f.toString());
        String resource = f.json.path("resources").get(0).asText();
        assertTrue(resource.contains("jdbc:postgresql://127.0.0.1:5432/test") && resource.contains("(pool leakguard-test-pool)"),
                "the connection and the pool: " + resource);
        assertFalse(resource.contains("s3cret") || resource.contains("leakguard_tx"), "no password, no SQL: " + resource);
        assertTrue(run.report().all.stream().noneMatch(x -> x.kind.equals("idle-in-transaction")), run.toString());
        assertTrue(run.stderr.contains("[long-transaction] 1 transaction open longer than jdbc.tx-warn")
                && run.stderr.contains("started at " + site), run.toString());
    }

    @Test
    void aTransactionIdleAfterItsStatementIsIdleInTransactionWithItsSqlWhenAsked() throws Exception {
        DatabaseServers.require("postgres");
        JvmRun.Result run = app(JDK).agent("scan.interval=250ms,jdbc.tx-warn=0,jdbc.tx-idle-warn=1s,jdbc.capture-sql=on").report()
                .run(APP, "idle").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("TransactionApp: idle transaction reported true"), run.toString());
        String site = site("idle-start");
        List<Report.Finding> found = Report.of(run.report().all, "idle-in-transaction", site);
        assertEquals(1, found.size(), run.toString());
        String resource = found.get(0).json.path("resources").get(0).asText();
        assertTrue(resource.contains("\"update leakguard_tx set n = n + 1 where id = 1\""), resource);
        assertTrue(run.report().all.stream().noneMatch(x -> x.kind.equals("long-transaction")), "tx-warn is off:\n" + run);
    }

    @Test
    void aPoolWhoseConnectionsStartWithAutocommitOffIsAskedAndAnAutocommitConnectionIsNoTransaction() throws Exception {
        DatabaseServers.require("postgres");
        JvmRun.Result run = app(JDK).agent("scan.interval=250ms,jdbc.tx-warn=1s,jdbc.tx-idle-warn=0").report()
                .run(APP, "pool-default").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("TransactionApp: pool-default transaction reported true"), run.toString());
        // The application never set autocommit: the line is where its statement was prepared.
        List<Report.Finding> found = Report.of(run.report().all, "long-transaction", site("default-off"));
        assertEquals(1, found.size(), run.toString());
        assertTrue(found.get(0).json.path("resources").get(0).asText().contains("(pool tx-off-pool)"), found.toString());
        assertEquals(1, run.report().all.stream().filter(x -> x.kind.equals("long-transaction")).count(),
                "the autocommit connection is no transaction:\n" + run);
    }
}
