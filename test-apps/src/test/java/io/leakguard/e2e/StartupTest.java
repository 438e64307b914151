package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.startup.InstrumentationProbe;
import io.leakguard.apps.startup.InternalsProbe;
import io.leakguard.apps.startup.FirstLines;
import io.leakguard.apps.startup.WarmUpEnded;
import io.leakguard.apps.startup.LateStart;
import io.leakguard.apps.startup.QuickExit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The install option: by default, in every mode, the instrumentation is installed before main()
 * runs; install=async puts it on a background thread. How long either takes is measured in
 * docs/benchmarks.md, not here.
 */
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated("measures startup and install timing")
class StartupTest {
    /** Forces the fallback: the bootstrap jar appended to the boot class path. */
    private static final String APPEND = "-Dio.leakguard.debug.boot=append";

    @OnEachJdk
    void aProgramThatEndsDuringTheBackgroundInstallIsUntouched(Path jdk) throws Exception {
        // Several runs: the JVM exits at a different point of the install each time.
        for (int i = 0; i < 4; i++) {
            JvmRun.Result run = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", "async").agent("")
                    .run(QuickExit.class.getName()).assertAgentHealthy();
            assertEquals(0, run.exitCode, run.toString());
            assertEquals("hello\n", run.stdout, run.toString());
            for (String line : run.stderr.split("\n")) {
                // The agent either finished (its "on" line, then an exit report) or said nothing.
                assertTrue(line.isEmpty() || line.equals("QuickExit: main ran") || line.startsWith("leakguard"),
                        run.toString());
                assertFalse(line.contains("Exception"), run.toString());
            }
        }
    }

    /**
     * Issue 15: with default options (no option at all, not even report.json) the install is made
     * before main(), so a program that leaks a file, a socket and a JDBC connection in its first
     * lines and exits at once has every one of them in its exit report, at its line.
     */
    @OnEachJdk
    void leaksInAProgramsFirstLinesAreReportedWithDefaultOptions(Path jdk) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(FirstLines.class);
        JvmRun.Result run = JvmRun.on(jdk).agent("").classPath(JvmRun.appsClassPath())
                .run(FirstLines.class.getName()).assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("FirstLines: holding 1 file, 1 socket, 1 connection\n", run.stdout, run.toString());
        assertFalse(run.stderr.contains("in the background"), run.toString());
        String site = FirstLines.class.getName() + ".main(FirstLines.java:";
        for (String leak : List.of("file", "server", "socket", "connection")) {
            String at = "still open when the JVM exited";
            boolean found = false;
            for (String line : run.stderr.split("\n")) {
                if (line.contains("[open-at-exit]") && line.contains(at) && line.contains(site + lines.get(leak) + ")")) {
                    found = true;
                }
            }
            assertTrue(found, leak + " at line " + lines.get(leak) + " in the exit report:\n" + run);
        }
        assertFalse(run.stderr.contains("exit-work"), "a file the shutdown hook opened is reported:\n" + run);
    }

    /**
     * The weaver's warm-up runs beside premain and is waited for before the transformer is
     * registered: by main() it has ended, and the bootstrap classes it raced with are all defined.
     */
    @OnEachJdk
    void theWeaversWarmUpHasEndedWhenMainStarts(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).agent("").jvmArg("-Dio.leakguard.debug.startup=true")
                .run(WarmUpEnded.class.getName()).assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("warm-up threads alive at main: 0\n", run.stdout, run.toString());
        assertTrue(run.stderr.contains("bootstrap classes defined"), run.toString());
        assertFalse(run.stderr.contains("appended instead of defined"), run.toString());
    }

    @OnEachJdk
    void theBackgroundInstallCatchesUpWithClassesLoadedMeanwhile(Path jdk) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(LateStart.class);
        JvmRun.Result run = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", "async").agent("")
                .classPath(JvmRun.appsClassPath()).report().run(LateStart.class.getName()).assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        // The driver class was loaded before the agent was ready, so the install had to
        // retransform it; if it had not, the connection would go unseen.
        assertEquals("LateStart: driver loaded before the agent was ready; holding 1 connection and 1 file\n",
                run.stdout, run.toString());
        assertTrue(run.stderr.contains("installed in the background in "), run.toString());
        List<Report.Finding> exit = run.report().lastScan();
        String site = LateStart.class.getName() + ".main(LateStart.java:";
        assertEquals(1, Report.at(exit, site + lines.get("connection") + ")").size(), run.toString());
        assertEquals(1, Report.at(exit, site + lines.get("file") + ")").size(), run.toString());
    }

    /**
     * The JDK classes behind a jrt: read (what SuperTypes may do for a super type in javax.) are loaded
     * before leakguard's transformer is registered. Loaded later, from inside a transform, one of
     * them can be asked for while it is being loaded: a ClassCircularityError that the JVM keeps
     * for every later jrt read (seen in CI with the OpenTelemetry agent starting alongside, where
     * the background install registered first and the class came after). Checked from the JVM's
     * own class-loading log, in both install modes.
     */
    @OnEachJdk
    void jrtReadingIsLoadedBeforeTheTransformerIsRegistered(Path jdk, @TempDir Path tmp) throws Exception {
        for (String install : List.of("async", "sync")) {
            Path log = tmp.resolve("classes-" + install + ".log");
            JvmRun.Result run = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", install)
                    .jvmArg("-Xlog:class+load=info:file=" + log).agent("")
                    .run(QuickExit.class.getName(), "until-ready").assertAgentHealthy();
            assertTrue(run.stderr.contains(JvmRun.ON_LINE), run.toString());
            List<String> lines = java.nio.file.Files.readAllLines(log);
            int jrt = indexOf(lines, " sun.net.www.protocol.jrt.JavaRuntimeURLConnection ");
            int transformer = indexOf(lines, " io.leakguard.agent.instrument.WeavingTransformer ");
            assertTrue(transformer > 0, "the transformer class loaded (" + install + ")");
            assertTrue(jrt >= 0 && jrt < transformer, install + ": JavaRuntimeURLConnection at line " + jrt
                    + ", the transformer at line " + transformer);
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    @OnEachJdk
    void ciModeInstallsBeforeMainRuns(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", "auto").agent("mode=ci")
                .run(QuickExit.class.getName()).assertAgentHealthy();
        int on = run.stderr.indexOf(JvmRun.ON_LINE + " (mode ci");
        int main = run.stderr.indexOf("QuickExit: main ran");
        assertTrue(on >= 0 && main > on, "the agent is on before main() runs:\n" + run);
        assertFalse(run.stderr.contains("in the background"), run.toString());
    }

    /**
     * The bootstrap classes are defined in the boot loader from memory: no file is written, HotSpot
     * keeps class-data sharing for every loader and prints no warning, and the JDK internals the
     * agent uses for it stay closed to the application. The tracker they hold works (a leaked
     * file is reported).
     */
    @OnEachJdk
    void bootClassesAreDefinedWithoutAFileOrAJvmWarningAndInternalsStayClosed(Path jdk, @TempDir Path tempDir) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(InternalsProbe.class);
        Path tmp = java.nio.file.Files.createDirectories(tempDir.resolve("lg-tmpdir"));
        JvmRun.Result run = JvmRun.on(jdk).jvmArg("-Djava.io.tmpdir=" + tmp).agent("").report()
                .run(InternalsProbe.class.getName()).assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("jdk.internal.misc.Unsafe: closed\ntracker loader: boot\n", run.stdout, run.toString());
        assertFalse(run.stderr.contains("Sharing is only supported"), run.toString());
        assertFalse(run.stderr.contains("WARNING"), run.toString());
        assertEquals(1, Report.at(run.report().lastScan(),
                InternalsProbe.class.getName() + ".main(InternalsProbe.java:" + lines.get("file") + ")").size(), run.toString());
        assertEquals(java.util.List.of(), list(tmp, false), "nothing written to the temporary directory");

        // The agent given twice: the second finds the classes there already and defines nothing.
        run = JvmRun.on(jdk).jvmArg("-Djava.io.tmpdir=" + tmp).jvmArg("-javaagent:" + JvmRun.AGENT_JAR)
                .agent("").run(InternalsProbe.class.getName()).assertAgentHealthy();
        assertEquals("jdk.internal.misc.Unsafe: closed\ntracker loader: boot\n", run.stdout, run.toString());
        assertTrue(run.stderr.contains("leakguard: already running in this JVM"), run.toString());
        assertFalse(run.stderr.contains("Exception"), run.toString());
    }

    /**
     * The agent's Instrumentation is out of the application's reach: a program that loads every
     * class of the agent jar by name and walks everything reachable by reflection from their
     * static fields finds neither it nor the transformer (which is handed it at detach), though
     * it does reach the agent's runtime object, where it used to be kept; the module that keeps
     * them does not let its fields be read. With the old static field the walk found it and
     * opened jdk.internal.misc with it. In the sync and background installs, and with the
     * appended bootstrap jar.
     */
    @OnEachJdk
    void theApplicationCannotReachTheAgentsInstrumentation(Path jdk) throws Exception {
        String expected = "instrumentation: none reachable\ntransformer: none reachable\nagent runtime: reached\n"
                + "keeper fields: closed\n";
        for (String[] variant : List.of(new String[] {"sync", ""}, new String[] {"async", ""},
                new String[] {"sync", APPEND})) {
            JvmRun r = JvmRun.on(jdk).env("LEAKGUARD_INSTALL", variant[0]).agent("");
            if (!variant[1].isEmpty()) {
                r.jvmArg(variant[1]);
            }
            JvmRun.Result run = r.run(InstrumentationProbe.class.getName(), JvmRun.AGENT_JAR.toString())
                    .assertAgentHealthy();
            assertEquals(0, run.exitCode, run.toString());
            assertEquals(expected, run.stdout, String.join(" ", variant) + "\n" + run);
        }
    }

    /**
     * Where the bootstrap classes cannot be defined directly (forced here), the nested jar is
     * appended to the boot class path: one file per build in a private directory, reused by every
     * JVM, so a JVM killed before it could delete a file of its own leaves nothing behind. A
     * directory that is not safely the user's is not used.
     */
    @OnEachJdk
    void theAppendedBootstrapJarIsOneFilePerBuildAndKilledJvmsLeaveNothing(Path jdk, @TempDir Path tempDir) throws Exception {
        Path tmp = java.nio.file.Files.createDirectories(tempDir.resolve("lg-tmpdir"));
        Path dir = tmp.resolve("leakguard-" + System.getProperty("user.name"));
        for (int i = 0; i < 2; i++) {
            JvmRun.Result run = JvmRun.on(jdk).jvmArg("-Djava.io.tmpdir=" + tmp).jvmArg(APPEND).agent("")
                    .run(QuickExit.class.getName()).assertAgentHealthy();
            assertTrue(run.stderr.contains(JvmRun.ON_LINE), run.toString());
        }
        Path out = tmp.resolve("out.txt");
        Process killed = JvmRun.on(jdk).jvmArg("-Djava.io.tmpdir=" + tmp).jvmArg(APPEND).agent("")
                .start(out, tmp.resolve("err.txt"), QuickExit.class.getName(), "60000");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!java.nio.file.Files.readString(tmp.resolve("err.txt")).contains(JvmRun.ON_LINE)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        killed.destroyForcibly().waitFor();
        assertEquals(java.util.List.of("leakguard-bootstrap-"), list(dir, true), "one file for the build in " + dir);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir)));
        assertEquals(java.util.List.of("err.txt", "leakguard-" + System.getProperty("user.name"), "out.txt"),
                list(tmp, false), "nothing else left in the temporary directory");

        // A directory others can write to is not trusted: the JVM gets a private copy instead,
        // deleted when it exits.
        Path open = java.nio.file.Files.createDirectories(tempDir.resolve("lg-open"));
        Path squatted = java.nio.file.Files.createDirectory(open.resolve("leakguard-" + System.getProperty("user.name")));
        java.nio.file.Files.setPosixFilePermissions(squatted,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        JvmRun.Result run = JvmRun.on(jdk).jvmArg("-Djava.io.tmpdir=" + open).jvmArg(APPEND).agent("")
                .run(QuickExit.class.getName()).assertAgentHealthy();
        assertTrue(run.stderr.contains(JvmRun.ON_LINE), run.toString());
        assertEquals(java.util.List.of(), list(squatted, false), "nothing written into a directory others can write");
    }

    /** File names in a directory, sorted; with prefixOnly, cut after "leakguard-bootstrap-". */
    private static java.util.List<String> list(Path dir, boolean prefixOnly) throws java.io.IOException {
        try (Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .map(n -> prefixOnly && n.startsWith("leakguard-bootstrap-") ? "leakguard-bootstrap-" : n)
                    .sorted().collect(java.util.stream.Collectors.toList());
        }
    }
}
