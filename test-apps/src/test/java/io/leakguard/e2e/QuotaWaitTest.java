package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.defenses.QuotaWaitApp;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, a bounded wait at a full quota (quota.wait, enforce mode): two threads competing for
 * the last slot; the first in line gets it when the holder gives it back, the second is refused
 * when quota.wait runs out, saying how long it waited and how many were waiting; a thread that
 * holds a slot itself is refused at once; the waiting threads show in the live report and gauge.
 */
class QuotaWaitTest {
    private static final Path JDK = Paths.get(System.getProperty("java.home"));
    private static final String APP = QuotaWaitApp.class.getName();

    private static void assertCompetition(JvmRun.Result run, String refusal) {
        assertEquals(0, run.exitCode, run.toString());
        String out = run.stdout;
        assertTrue(out.contains("QuotaWaitApp: gauge leakguard_quota_waiting{family="), out);
        assertTrue(out.contains("QuotaWaitApp: live report: waiting for a quota slot (quota.wait): 2 threads"), run.toString());
        assertTrue(Pattern.compile("live report: \\w+: thread waiter-1 waiting \\d+ ms at ").matcher(out).find(), out);
        assertTrue(Pattern.compile("live report: \\w+: thread waiter-2 waiting \\d+ ms at ").matcher(out).find(), out);
        // Holding the slot itself, main is refused without waiting.
        assertTrue(out.contains("QuotaWaitApp: main refused: " + refusal) && out.contains("Not waiting for quota.wait: "
                + "this thread holds a slot of this quota itself"), out);
        // First come, first served: waiter-1 gets the slot main gave back; waiter-2 runs out of time.
        assertTrue(out.contains("QuotaWaitApp: waiter-1 granted true"), out);
        Matcher m = Pattern.compile("QuotaWaitApp: waiter-2 refused: " + Pattern.quote(refusal)
                + ".* Waited (\\d+) ms \\(quota.wait=3000 ms\\) with 1 thread waiting, this one included\\.").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(1)) >= 3000, m.group());
        assertTrue(out.contains("QuotaWaitApp: afterwards granted true"), out);
        assertTrue(out.contains("QuotaWaitApp: waits refused 1.0, granted 1.0"), out);
        assertTrue(run.stderr.contains("[quota-refused]"), run.toString());
    }

    @OnEachJdk
    void jdbcConnectionsWaitInLineForTheLastSlot(Path jdk) throws Exception {
        int waiter = SourceMarkers.of(QuotaWaitApp.class).get("waiter");
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                .jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .agent("mode=enforce,jdbc.max-connections=1,quota.wait=3s").run(APP, "jdbc").assertAgentHealthy();
        assertCompetition(run, "leakguard refused a JDBC connection: quota jdbc.max-connections=1 reached (1 open).");
        // waiter-2's refusal names the holder: waiter-1, at its line.
        assertTrue(run.stdout.contains("waiter-2 refused: leakguard refused a JDBC connection: quota jdbc.max-connections=1 "
                + "reached (1 open). Top holders: 1 x " + APP + ".waitInLine(QuotaWaitApp.java:" + waiter + ")"), run.toString());
    }

    @Test
    void socketsWaitInLineForTheLastSlotOfAnEndpoint() throws Exception {
        JvmRun.Result run = JvmRun.on(JDK).classPath(JvmRun.appsClassPath())
                .agent("mode=enforce,net.max-sockets-per-endpoint=1,quota.wait=3s").run(APP, "socket").assertAgentHealthy();
        assertCompetition(run, "leakguard refused a socket: quota net.max-sockets-per-endpoint=1 reached for localhost:");
    }
}
