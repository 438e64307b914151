package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.jdbc.RecordFieldApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record field the agent adds to JDBC handle classes (io.leakguard.bootstrap.RecordHolder)
 * never changes what the application can observe or do: a serializable class keeps its default
 * serialVersionUID (it gets no field), Mockito's inline mock maker can still retransform a class
 * that has the field, a framework's proxy that lists the field's interface (built from
 * getClass().getInterfaces()) never has its handler called by the agent, a detach keeps the field and takes the hooks away, and a handle with the
 * field is tracked as any other (the kept connection is reported at its line).
 */
class RecordFieldTest {
    @OnEachJdk
    void theFieldChangesNothingTheApplicationSees(Path jdk) throws Exception {
        JvmRun.Result without = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).run(RecordFieldApp.class.getName(), "shapes");
        assertEquals(0, without.exitCode, without.toString());
        String serial = without.stdout.lines().filter(l -> l.startsWith("serial ")).findFirst().orElseThrow();
        assertTrue(without.stdout.contains("plain field false") && serial.endsWith("field false"), without.toString());

        JvmRun.Result run = JvmRun.on(jdk).classPath(JvmRun.appsClassPath()).agent("").report()
                .run(RecordFieldApp.class.getName(), "shapes").assertAgentHealthy();
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains(serial + "\n"), "the same serialVersionUID, no field:\n" + run);
        // The field is there where it may be: the test is not passing for want of one.
        assertTrue(run.stdout.contains("plain field true\n") && run.stdout.contains("h2 field true\n"), run.toString());
        assertTrue(run.stdout.contains("inline mock autocommit false\n") && run.stdout.contains("kept true\n"),
                run.toString());
        assertTrue(without.stdout.contains("proxy lists field false, its handler saw 0 agent calls\n"), without.toString());
        assertTrue(run.stdout.contains("proxy lists field true, its handler saw 0 agent calls\n"), run.toString());
        int kept = SourceMarkers.of(RecordFieldApp.class).get("kept");
        String site = RecordFieldApp.class.getName() + ".shapes(RecordFieldApp.java:" + kept + ")";
        assertEquals(1, Report.at(run.report().lastScan(), site).size(), run.toString());
        assertEquals(1, run.report().lastScan().stream().filter(f -> f.site.contains("RecordFieldApp")).count(),
                "only the kept connection, not the closed one:\n" + run);
    }

    @OnEachJdk
    void aDetachKeepsTheFieldAndTheApplicationRunsOn(Path jdk, @TempDir Path tmp) throws Exception {
        Path stop = tmp.resolve("stop");
        Path err = tmp.resolve("stderr.txt");
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(),
                "-javaagent:" + JvmRun.AGENT_JAR + "=jmx.control=on", "-cp", JvmRun.appsClassPath(),
                RecordFieldApp.class.getName(), "detach", stop.toString()));
        Process target = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("ready "), ready + "\n" + Files.readString(err));
            AgentCli detach = AgentCli.run(jdk, "detach", ready.substring("ready ".length()));
            assertEquals(0, detach.exit, detach.toString());
            Files.createFile(stop);
            String after = out.readLine();
            assertTrue(target.waitFor(60, TimeUnit.SECONDS));
            String stderr = Files.readString(err);
            assertEquals("after detach 42", after, stderr);
            assertEquals(0, target.exitValue(), stderr);
            assertFalse(stderr.contains("leakguard: internal error") || stderr.contains("Exception"), stderr);
        } finally {
            target.destroyForcibly();
        }
    }
}
