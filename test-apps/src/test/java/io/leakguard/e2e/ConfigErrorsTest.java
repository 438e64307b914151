package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.files.FileClean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bad option is one line naming the key and what it accepts; the program runs exactly as it
 * would without the agent. Also the precedence of the four configuration sources.
 */
class ConfigErrorsTest {
    private static final Path JDK = Paths.get(System.getProperty("java.home"));
    private static final String APP = FileClean.class.getName();
    private static JvmRun.Result bare;

    @BeforeAll
    static void runWithoutAgent() throws Exception {
        bare = JvmRun.on(JDK).run(APP);
        assertEquals(0, bare.exitCode, bare.toString());
    }

    private static String oneErrorLine(JvmRun.Result r) {
        assertEquals(bare.exitCode, r.exitCode, r.toString());
        assertEquals(bare.stdout, r.stdout, r.toString());
        List<String> lines = r.agentLines();
        assertEquals(1, lines.size(), "exactly one line from the agent:\n" + r);
        assertTrue(lines.get(0).endsWith("leakguard is off, the application runs without it"), r.toString());
        assertFalse(r.stderr.contains("bootstrap classpath has been appended"), "agent should stay off\n" + r);
        return lines.get(0);
    }

    @Test
    void badModeNamesTheKeyAndTheChoices() throws Exception {
        String line = oneErrorLine(JvmRun.on(JDK).agent("mode=bogus").run(APP));
        assertTrue(line.contains("'mode'") && line.contains("monitor|enforce|ci") && line.contains("bogus"), line);
    }

    @Test
    void unknownKeyIsNamed() throws Exception {
        String line = oneErrorLine(JvmRun.on(JDK).agent("colour=red").run(APP));
        assertTrue(line.contains("unknown option 'colour'"), line);
    }

    @Test
    void argumentWithoutEqualsSign() throws Exception {
        String line = oneErrorLine(JvmRun.on(JDK).agent("verbose").run(APP));
        assertTrue(line.contains("'verbose'") && line.contains("key=value"), line);
    }

    @Test
    void badDurationFromSystemProperty() throws Exception {
        String line = oneErrorLine(JvmRun.on(JDK).agent("").jvmArg("-Dleakguard.scan.interval=soon").run(APP));
        assertTrue(line.contains("'scan.interval'") && line.contains("250ms, 30s, 10m"), line);
        assertTrue(line.contains("system properties"), line);
    }

    @Test
    void badDurationFromEnvironment() throws Exception {
        String line = oneErrorLine(JvmRun.on(JDK).agent("").env("LEAKGUARD_LEAK_WARN", "10 minutes").run(APP));
        assertTrue(line.contains("'leak.warn'") && line.contains("environment"), line);
    }

    @Test
    void unreadableConfigFile() throws Exception {
        String line = oneErrorLine(JvmRun.on(JDK).agent("config=/nonexistent/leakguard.properties").run(APP));
        assertTrue(line.contains("'config'") && line.contains("/nonexistent/leakguard.properties"), line);
    }

    @Test
    void unknownKeyInConfigFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("leakguard.properties");
        Files.writeString(file, "scan.intervall=5s\n");
        String line = oneErrorLine(JvmRun.on(JDK).agent("config=" + file).run(APP));
        assertTrue(line.contains("unknown option 'scan.intervall'") && line.contains(file.toString()), line);
    }

    @Test
    void agentArgumentsWinOverPropertiesOverEnvironmentOverFile(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("leakguard.properties");
        // The file would turn stderr reporting off and set a bad mode; each higher source
        // overrides one of them.
        Files.writeString(file, "report.stderr=off\nmode=nonsense\nleak.warn=bad\n");
        JvmRun.Result r = JvmRun.on(JDK)
                .env("LEAKGUARD_LEAK_WARN", "5m")          // fixes the file's leak.warn
                .env("LEAKGUARD_MODE", "also-bad")         // overridden by the property below
                .jvmArg("-Dleakguard.mode=wrong-too")      // overridden by the agent argument
                .agent("config=" + file + ",mode=monitor")
                .run(APP)
                .assertAgentHealthy();
        assertEquals(bare.stdout, r.stdout, r.toString());
        // report.stderr=off from the file holds: the agent is on but silent.
        assertTrue(r.agentLines().isEmpty(), r.toString());
        assertTrue(r.stderr.contains("bootstrap classpath has been appended") || !r.stderr.contains("leakguard"),
                r.toString());

        JvmRun.Result loud = JvmRun.on(JDK).env("LEAKGUARD_REPORT_STDERR", "on")
                .agent("config=" + file + ",mode=monitor,leak.warn=5m").run(APP).assertAgentHealthy();
        assertTrue(loud.agentLines().get(0).startsWith("leakguard 0."), loud.toString());
    }
}
