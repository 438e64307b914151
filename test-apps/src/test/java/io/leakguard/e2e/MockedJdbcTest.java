package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.MockedConnectionApp;
import java.nio.file.Path;

/**
 * Monitor mode never changes an application's behaviour, test doubles included: a Mockito mock
 * connection held past leak.warn is reported (the scanner judged it) and the agent made no call
 * the mock recorded (the program's verifyNoMoreInteractions passes). Real Mockito, real weaving
 * of the classes it generates.
 */
class MockedJdbcTest {
    @OnEachJdk
    void theScannerNeverCallsAMockItReports(Path jdk) throws Exception {
        heldPastLeakWarnAndVerified(jdk, "MockedConnectionApp: true, only the program's own calls\n");
    }

    /**
     * The same with an inline mock of a driver's concrete connection class (it keeps the class's
     * name, so only Mockito can tell it is a mock: asked once its inline mock maker runs).
     */
    @OnEachJdk
    void theScannerNeverCallsAnInlineMockItReports(Path jdk) throws Exception {
        heldPastLeakWarnAndVerified(jdk, "MockedConnectionApp: false, only the program's own calls\n", "inline");
    }

    /** The mock connection is held past leak.warn, reported, and saw only the program's calls. */
    private static void heldPastLeakWarnAndVerified(Path jdk, String stdout, String... variant) throws Exception {
        int line = SourceMarkers.of(MockedConnectionApp.class).get("held");
        String[] args = new String[variant.length + 1];
        args[0] = "2500";
        System.arraycopy(variant, 0, args, 1, variant.length);
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                .agent("scan.interval=200ms,leak.warn=1s").report()
                .run(MockedConnectionApp.class.getName(), args)
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(stdout, run.stdout, run.toString());
        String site = MockedConnectionApp.class.getName() + ".main(MockedConnectionApp.java:" + line + ")";
        assertFalse(Report.of(run.report().all, "warn", site).isEmpty(), run.toString());
    }

    /**
     * A spy of a real driver's connection sees the same calls with the agent as without, in
     * monitor and in enforce mode: the agent makes none on it (its own methods woven into a
     * handle class would be recorded by Mockito's inline mock maker).
     */
    @OnEachJdk
    void aSpySeesTheSameCallsWithTheAgent(Path jdk) throws Exception {
        JvmRun.Result without = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                .run(MockedConnectionApp.class.getName(), "0", "spy");
        assertEquals(0, without.exitCode, without.toString());
        assertTrue(without.stdout.startsWith("MockedConnectionApp: the spy saw createStatement"), without.toString());
        for (String mode : new String[] {"monitor", "enforce"}) {
            JvmRun.Result with = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("mode=" + mode)
                    .run(MockedConnectionApp.class.getName(), "0", "spy").assertAgentHealthy();
            assertEquals(0, with.exitCode, with.toString());
            assertEquals(without.stdout, with.stdout, mode + ":\n" + with);
        }
    }

    /** Enforce mode's default query timeout is never set on a mocked statement. */
    @OnEachJdk
    void enforceModeNeverSetsATimeoutOnAMock(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                .agent("mode=enforce").run(MockedConnectionApp.class.getName(), "0", "statement")
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("MockedConnectionApp: statement, only the program's own calls\n", run.stdout, run.toString());
    }
}
