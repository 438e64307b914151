package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.JdbcClean;
import io.leakguard.apps.jdbc.JdbcLeaks;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JDBC leaks through real drivers and pools (H2 embedded; PostgreSQL and MariaDB on 127.0.0.1;
 * HikariCP, DBCP2 and Agroal), in forked JVMs under the built agent, on each JDK.
 */
class JdbcLeaksTest {
    private static final String LEAKS = JdbcLeaks.class.getName();

    static Stream<Arguments> setups() {
        return Jdks.crossed(List.of(new Object[][] {{"h2", "hikari"}, {"h2", "dbcp2"}, {"h2", "agroal"},
                {"postgres", "hikari"}, {"mariadb", "dbcp2"}}));
    }

    private static JvmRun app(Path jdk) {
        return JvmRun.on(jdk).jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("setups")
    void eachLeakIsReportedOnceAtItsLineAndPoolConnectionsNever(String db, String pool, Path jdk) throws Exception {
        DatabaseServers.require(db);
        Map<String, Integer> lines = SourceMarkers.of(JdbcLeaks.class);
        assertEquals(8, lines.size(), lines.toString());
        JvmRun.Result run = app(jdk).classPath(JvmRun.appsClassPath())
                .agent("scan.interval=300ms").report()
                .run(LEAKS, db, pool, "300")
                .assertAgentHealthy();
        assertEquals(3, run.exitCode, run.toString());
        assertEquals("JdbcLeaks: " + db + "/" + pool + " holding 4 handles\n", run.stdout, run.toString());

        List<Report.Finding> exit = run.report().lastScan();
        String src = "(JdbcLeaks.java:";
        expect(exit, LEAKS + ".main" + src + lines.get("borrowed") + ")", "connection", 1, null, run);
        expect(exit, LEAKS + ".main" + src + lines.get("driver-manager") + ")", "connection", 1, null, run);
        expect(exit, LEAKS + ".main" + src + lines.get("kept-statement") + ")", "statement", 1, null, run);
        expect(exit, LEAKS + ".loseStatement" + src + lines.get("statement-gc") + ")", "statement", 3, "definite", run);
        expect(exit, LEAKS + ".loseResultSet" + src + lines.get("resultset") + ")", "resultset", 1, null, run);
        expect(exit, LEAKS + ".loseGeneratedKeys" + src + lines.get("keys-statement") + ")", "statement", 1, null, run);
        expect(exit, LEAKS + ".loseGeneratedKeys" + src + lines.get("generated-keys") + ")", "resultset", 1, null, run);
        expect(exit, LEAKS + ".loseConnection" + src + lines.get("connection-gc") + ")", "connection", 1, "definite", run);
        // Nothing else: not the pool's own connections, not the correct uses, not the statement
        // that closing its connection closed.
        assertEquals(8, exit.size(), run.toString());

        // The borrowed handle names its pool; no report ever shows a password.
        String borrowed = run.stderr.substring(run.stderr.lastIndexOf("JdbcLeaks.java:" + lines.get("borrowed") + ") (thread"));
        assertTrue(borrowed.contains(pool.equals("hikari") ? "via com.zaxxer.hikari.HikariDataSource (pool leakguard-test-pool)"
                : pool.equals("agroal") ? "via io.agroal.pool.DataSource" : "via org.apache.commons.dbcp2.BasicDataSource"),
                run.toString());
        assertFalse(run.stderr.contains("s3cret-pw"), "password in report:\n" + run);
        if (db.equals("postgres")) {
            // Redaction keeps the address and the user, drops every parameter (was "password=***").
            assertTrue(run.stderr.contains("jdbc:postgresql://127.0.0.1:5432/test user postgres"), run.toString());
            assertFalse(run.stderr.contains("password="), run.toString());
        }
    }

    private static void expect(List<Report.Finding> all, String site, String type, int count, String kind,
                               JvmRun.Result run) {
        List<Report.Finding> at = Report.at(all, site);
        assertEquals(1, at.size(), "one finding at " + site + "\n" + run);
        assertEquals("jdbc", at.get(0).family, at.get(0).toString());
        assertEquals(type, at.get(0).type, at.get(0).toString());
        assertEquals(count, at.get(0).count, at.get(0).toString());
        if (kind != null) {
            assertEquals(kind, at.get(0).kind, at.get(0).toString());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("setups")
    void correctUseUnderAnOpenPoolReportsNothing(String db, String pool, Path jdk) throws Exception {
        DatabaseServers.require(db);
        // Thresholds far below the hold time: the pool's connections are old at exit, and must
        // still not be reported, during the run or at exit. (Not lower than four seconds: on a busy
        // machine the first borrow, which starts the database and loads the driver, took 1.2 s,
        // and a CI machine may be three times slower: a borrow held that long is reportable.)
        JvmRun.Result run = app(jdk).classPath(JvmRun.appsClassPath())
                .agent("scan.interval=250ms,leak.warn=4s,leak.critical=4500ms").report()
                .run(JdbcClean.class.getName(), db, pool, "5000")
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("JdbcClean: " + db + "/" + pool + " rows 151\n", run.stdout, run.toString());
        assertTrue(run.report().all.isEmpty(), run.toString());
        Set<String> agentLines = new HashSet<>(run.agentLines());
        assertEquals(1, agentLines.size(), run.toString());
    }
}
