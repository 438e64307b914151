package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.startup.LateStart;
import io.leakguard.apps.startup.QuickExit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The install option: in monitor mode the instrumentation is installed on a background thread
 * (main() does not wait for Byte Buddy), in ci and enforce mode before main() runs. How long
 * either takes is measured in docs/benchmarks.md, not here.
 */
class StartupTest {
    static Stream<Path> jdks() {
        return Jdks.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aProgramThatEndsDuringTheBackgroundInstallIsUntouched(Path jdk) throws Exception {
        // Several runs: the JVM exits at a different point of the install each time.
        for (int i = 0; i < 4; i++) {
            JvmRun.Result run = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", "auto").agent("")
                    .run(QuickExit.class.getName()).assertAgentHealthy();
            assertEquals(0, run.exitCode, run.toString());
            assertEquals("hello\n", run.stdout, run.toString());
            for (String line : run.stderr.split("\n")) {
                // The agent either finished (its "on" line, then an exit report) or said nothing.
                assertTrue(line.isEmpty() || line.equals("QuickExit: main ran") || line.startsWith("leakguard")
                        || line.contains("Sharing is only supported for boot loader classes"), run.toString());
                assertFalse(line.contains("Exception"), run.toString());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theBackgroundInstallCatchesUpWithClassesLoadedMeanwhile(Path jdk) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(LateStart.class);
        JvmRun.Result run = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", "auto").agent("")
                .classPath(JvmRun.appsClassPath()).run(LateStart.class.getName()).assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        // The driver class was loaded before the agent was ready, so the install had to
        // retransform it; if it had not, the connection would go unseen.
        assertEquals("LateStart: driver loaded before the agent was ready; holding 1 connection and 1 file\n",
                run.stdout, run.toString());
        assertTrue(run.stderr.contains("installed in the background in "), run.toString());
        List<Findings.Finding> exit = Findings.atExit(run.stderr);
        String site = LateStart.class.getName() + ".main(LateStart.java:";
        assertEquals(1, Findings.at(exit, site + lines.get("connection") + ")").size(), run.toString());
        assertEquals(1, Findings.at(exit, site + lines.get("file") + ")").size(), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void ciModeInstallsBeforeMainRuns(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", "auto").agent("mode=ci")
                .run(QuickExit.class.getName()).assertAgentHealthy();
        int on = run.stderr.indexOf("leakguard 0.1.0: on (mode ci");
        int main = run.stderr.indexOf("QuickExit: main ran");
        assertTrue(on >= 0 && main > on, "the agent is on before main() runs:\n" + run);
        assertFalse(run.stderr.contains("in the background"), run.toString());
    }
}
