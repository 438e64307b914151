package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.SqlText;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jdbc.capture-sql: off by default, no SQL text anywhere in the report; on, the SQL the
 * application wrote is shown with the statement and with result sets (through their statement),
 * folded to one line. Bound parameter values never appear either way.
 */
class JdbcSqlTextTest {
    private static final String SECRET = "hunter2-bound-value";

    private static JvmRun.Result run(String db, String agentArgs) throws Exception {
        return JvmRun.on(Paths.get(System.getProperty("java.home"))).classPath(JvmRun.appsClassPath())
                .agent(agentArgs).run(SqlText.class.getName(), db).assertAgentHealthy();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void sqlTextOnlyWhenAskedAndNeverTheBoundValues(String db, @TempDir Path tmp) throws Exception {
        DatabaseServers.require(db);
        Map<String, Integer> lines = SourceMarkers.of(SqlText.class);
        String json = tmp.resolve("r.jsonl").toString();

        JvmRun.Result off = run(db, "report.json=" + json + "-off");
        assertEquals("SqlText: holding 4 handles, answer 42\n", off.stdout, off.toString());
        assertEquals(5, lines.size(), lines.toString());
        assertEquals(5, Report.read(Paths.get(json + "-off")).lastScan().size(), "connection, prepared and plain statement, and their two "
                + "result sets:\n" + off);
        assertFalse(off.stderr.contains("looked_up") || off.stderr.contains("select 42"), off.toString());
        assertFalse(off.stderr.contains(SECRET), off.toString());

        JvmRun.Result on = run(db, "jdbc.capture-sql=on,report.json=" + json + "-on");
        String prepared = findingAt(on, lines.get("prepared"));
        assertTrue(prepared.contains("\"select ? as looked_up where 1 = 1\""), prepared);
        String resultSet = findingAt(on, lines.get("resultset"));
        assertTrue(resultSet.contains("\"select 42 as answer\""), resultSet);
        // A prepared statement's result set shows its statement's SQL, not the value bound to it.
        String bound = findingAt(on, lines.get("bound"));
        assertTrue(bound.contains("\"select ? as looked_up where 1 = 1\""), bound);
        assertFalse(on.stderr.contains(SECRET), on.toString());
        String report = java.nio.file.Files.readString(Paths.get(json + "-on"));
        assertTrue(report.contains("select 42 as answer"), report);
        assertFalse(report.contains(SECRET), report);
        assertFalse(java.nio.file.Files.readString(Paths.get(json + "-off")).contains("select 42"));
    }

    /** The exit report's lines for the finding at one line of SqlText (header and resources). */
    private static String findingAt(JvmRun.Result run, int line) {
        String exit = run.stderr.substring(run.stderr.indexOf("leakguard: exit report"));
        int at = exit.indexOf("(SqlText.java:" + line + ")");
        assertTrue(at >= 0, "a finding at line " + line + ":\n" + run);
        int start = exit.lastIndexOf("\nleakguard: [", at);
        int end = exit.indexOf("\nleakguard: [", at);
        return exit.substring(start, end < 0 ? exit.length() : end);
    }
}
