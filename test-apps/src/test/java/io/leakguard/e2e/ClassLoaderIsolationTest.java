package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.loaders.IsolatedJdbc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A JDBC driver defined by a class loader that does not delegate to the application's (a
 * plug-in loader asking its parent only for java.*, a parent-last web-application loader, a
 * module layer whose parent is such a loader): the advice inlined into the driver's classes calls
 * leakguard's bootstrap classes through that loader. The application must run exactly as
 * without the agent, and its connection and statement must still be tracked. A loader leakguard
 * cannot change (a hidden class) leaves its classes uninstrumented, said in one line.
 */
class ClassLoaderIsolationTest {
    private static final String APP = IsolatedJdbc.class.getName();
    private static final String[] LOADERS = {"only-java", "parent-last", "named-module"};

    static Stream<Arguments> loadersModes() {
        List<Object[]> cases = new ArrayList<>();
        for (String loader : LOADERS) {
            cases.add(new Object[] {loader, "monitor"});
        }
        // Enforce mode adds advice on statements and result sets; one loader shows it is seen
        // there too (each case is two JVMs per JDK: the suite's time is counted).
        cases.add(new Object[] {LOADERS[0], "enforce"});
        return Jdks.crossed(cases);
    }

    private static void runsAsWithoutAgent(JvmRun.Result run, String expectedOut) {
        run.assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertEquals(expectedOut, run.stdout, run.toString());
        assertFalse(run.stderr.contains("NoClassDefFoundError"), run.toString());
        assertFalse(run.stderr.contains("IllegalAccessError"), run.toString());
        assertFalse(run.stderr.contains("Exception in thread"), run.toString());
    }

    /** The connection and the statement kept open, each reported once at the application's line. */
    private static void bothTracked(JvmRun.Result run) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(IsolatedJdbc.class);
        List<Report.Finding> exit = run.report().lastScan();
        for (String[] f : new String[][] {{"connection", "connection"}, {"statement", "statement"}}) {
            String site = APP + ".main(IsolatedJdbc.java:" + lines.get(f[0]) + ")";
            List<Report.Finding> at = Report.at(exit, site);
            assertEquals(1, at.size(), "one finding at " + site + "\n" + run);
            assertEquals("jdbc", at.get(0).family, run.toString());
            assertEquals(f[1], at.get(0).type, run.toString());
        }
        assertEquals(2, exit.size(), run.toString());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("loadersModes")
    void aDriverInAnIsolatedLoaderWorksAndIsTracked(String loader, String mode, Path jdk) throws Exception {
        JvmRun.Result leak = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("mode=" + mode).report()
                .run(APP, loader, "leak");
        runsAsWithoutAgent(leak, "IsolatedJdbc: " + loader + " rows 3 holding 2\n");
        bothTracked(leak);

        JvmRun.Result clean = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("mode=" + mode).report()
                .run(APP, loader, "clean");
        runsAsWithoutAgent(clean, "IsolatedJdbc: " + loader + " rows 3 closed\n");
        assertTrue(clean.report().all.isEmpty(), clean.toString());
        assertEquals(1, clean.agentLines().size(), clean.toString());
    }

    /**
     * A loader the JVM never shows an agent (a hidden class): its driver is left as it is, with
     * one line saying so, and the application runs on.
     */
    @OnEachJdk
    void aLoaderThatCannotBeChangedLeavesItsClassesAloneAndSaysSoOnce(Path jdk) throws Exception {
        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("").report()
                .run(APP, "hidden-loader", "leak");
        runsAsWithoutAgent(run, "IsolatedJdbc: hidden-loader rows 3 holding 2\n");
        List<String> notice = new ArrayList<>();
        for (String l : run.agentLines()) {
            if (l.contains("cannot see leakguard's own classes")) {
                notice.add(l);
            }
        }
        assertEquals(1, notice.size(), run.toString());
        assertTrue(notice.get(0).contains("org.example.plugins.OnlyJavaLoader/"), run.toString());
        assertTrue(notice.get(0).contains("(first: org.h2.Driver)"), run.toString());
        assertTrue(run.report().all.isEmpty(), run.toString());
    }

    /**
     * Attached to a running JVM whose plug-in loader was created before: that loader class is
     * retransformed, so the driver it then loads is instrumented and tracked.
     */
    @OnEachJdk
    void aLoaderLoadedBeforeAnAttachIsRetransformed(Path jdk, @TempDir Path tmp) throws Exception {
        Path dir = tmp;
        Path err = dir.resolve("stderr.txt");
        List<String> cmd = List.of(jdk.resolve("bin/java").toString(), "-cp", JvmRun.appsClassPath(), APP, "only-java",
                "leak", "await");
        Process app = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.matches("IsolatedJdbc pid \\d+ ready"), ready + "\n" + Files.readString(err));
            String pid = ready.split(" ")[2];
            Process cli = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-jar", JvmRun.AGENT_JAR.toString(),
                    "attach", pid, "report.json=" + dir.resolve("report.json")).redirectErrorStream(true).start();
            String cliOut = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS), cliOut);
            assertEquals(0, cli.exitValue(), cliOut);
            String rest = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), rest);
            String stderr = Files.readString(err);
            String all = "exit " + app.exitValue() + "\n--- stdout\n" + rest + "\n--- stderr\n" + stderr;
            assertEquals(0, app.exitValue(), all);
            assertEquals("IsolatedJdbc: only-java rows 3 holding 2\n", rest, all);
            assertFalse(stderr.contains("leakguard: internal error"), all);
            assertFalse(stderr.contains("cannot see leakguard's own classes"), all);
            assertFalse(stderr.contains("Exception in thread"), all);
            Map<String, Integer> lines = SourceMarkers.of(IsolatedJdbc.class);
            List<Report.Finding> exit = Report.read(dir.resolve("report.json")).lastScan();
            for (String marker : new String[] {"connection", "statement"}) {
                String site = APP + ".main(IsolatedJdbc.java:" + lines.get(marker) + ")";
                assertEquals(1, Report.at(exit, site).size(), site + "\n" + all);
            }
        } finally {
            app.destroyForcibly();
        }
    }
}
