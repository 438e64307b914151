package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        int line = SourceMarkers.of(MockedConnectionApp.class).get("held");
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath())
                .agent("scan.interval=200ms,leak.warn=1s").report()
                .run(MockedConnectionApp.class.getName(), "2500")
                .assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("MockedConnectionApp: true, only the program's own calls\n", run.stdout, run.toString());
        String site = MockedConnectionApp.class.getName() + ".main(MockedConnectionApp.java:" + line + ")";
        assertFalse(Report.of(run.report().all, "warn", site).isEmpty(), run.toString());
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
