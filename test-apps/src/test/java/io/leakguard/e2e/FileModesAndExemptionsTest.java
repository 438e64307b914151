package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.files.FileClean;
import io.leakguard.apps.files.FileLeaks;
import io.leakguard.apps.files.JdkOwnedFiles;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** ci mode's full stacks, the JDK's own long-lived files, and user exemptions. */
class FileModesAndExemptionsTest {
    private static final Path JDK = Paths.get(System.getProperty("java.home"));
    private static final String LEAKS = FileLeaks.class.getName();

    @OnEachJdk
    void ciModeReportsTheWholeStack(Path jdk) throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(FileLeaks.class);
        JvmRun.Result run = JvmRun.on(jdk).agent("mode=ci,scan.interval=200ms").report().run(LEAKS, "300")
                .assertAgentHealthy();
        assertEquals(3, run.exitCode, run.toString());
        String lost = LEAKS + ".loseToGc(FileLeaks.java:" + lines.get("lost-to-gc") + ")";
        List<Report.Finding> exit = run.report().lastScan();
        List<Report.Finding> definite = Report.of(exit, "definite", lost);
        assertEquals(1, definite.size(), run.toString());
        // The stack below the site reaches main: the caller of the helper that leaked, in the
        // JSON and in the console's exit report.
        assertTrue(definite.get(0).stack().stream().anyMatch(f -> f.startsWith(LEAKS + ".main(FileLeaks.java:")),
                definite.get(0).toString());
        int header = run.stderr.lastIndexOf("acquired at " + lost + " (thread ");
        assertTrue(header >= 0, run.toString());
        String block = run.stderr.substring(run.stderr.lastIndexOf("\nleakguard: [", header) + 1);
        String callerLine = "at " + LEAKS + ".main(FileLeaks.java:";
        assertTrue(block.contains(callerLine), "full stack expected:\n" + run);
        assertTrue(block.indexOf(callerLine) < block.indexOf("leakguard: [", 10) || block.indexOf("leakguard: [", 10) < 0,
                "the caller belongs to the definite finding's stack:\n" + run);
        // Every tracked API still reports at its own line in ci mode.
        for (Map.Entry<String, Integer> e : lines.entrySet()) {
            if (!e.getKey().equals("lost-to-gc") && !e.getKey().equals("holder-field")) {
                assertEquals(1, Report.of(exit, "open-at-exit",
                        LEAKS + ".main(FileLeaks.java:" + e.getValue() + ")").size(), e.getKey() + "\n" + run);
            }
        }
        // A class that opens a stream into a field (not a resource subclass) keeps its constructor's line.
        assertEquals(1, Report.of(exit, "open-at-exit",
                LEAKS + "$StreamHolder.<init>(FileLeaks.java:" + lines.get("holder-field") + ")").size(), run.toString());
    }

    @OnEachJdk
    void theJdksOwnFilesAreNeverReported(Path jdk, @TempDir Path tmp) throws Exception {
        // The program's classes come from a jar on the class path (held open by the class loader
        // for the life of the JVM), and it reads SecureRandom (/dev/random, /dev/urandom).
        Path jar = tmp.resolve("apps.jar");
        Path classes = Paths.get(JvmRun.APP_CLASSES);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> all = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, (OutputStream) out);
                out.closeEntry();
            }
        }
        for (String mode : List.of("monitor", "ci")) {
            JvmRun.Result run = JvmRun.on(jdk).classPath(jar.toString())
                    .agent("mode=" + mode + ",scan.interval=200ms,leak.warn=100ms,ignore.paths=").report()
                    .run(JdkOwnedFiles.class.getName())
                    .assertAgentHealthy();
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.stdout.startsWith("JdkOwnedFiles: "), run.toString());
            assertTrue(run.report().all.isEmpty(), mode + ": nothing to report\n" + run);
        }
    }

    @Test
    void ignoredPathsAndSitesAreNotReported() throws Exception {
        Map<String, Integer> lines = SourceMarkers.of(FileLeaks.class);
        JvmRun.Result run = JvmRun.on(JDK)
                .agent("scan.interval=200ms,ignore.sites=*.loseToGc(*;*FileLeaks.java:" + lines.get("raf")
                        + ")*,ignore.paths=*/out1.txt").report()
                .run(LEAKS, "300")
                .assertAgentHealthy();
        List<Report.Finding> all = run.report().lastScan();
        String site = LEAKS + ".main(FileLeaks.java:";
        assertTrue(Report.of(all, "open-at-exit", site + lines.get("raf") + ")").isEmpty(), run.toString());
        assertTrue(Report.of(all, "open-at-exit", site + lines.get("fos") + ")").isEmpty(), run.toString());
        assertTrue(all.stream().noneMatch(f -> f.kind.equals("definite")), run.toString());
        // Everything else is still there.
        assertEquals(1, Report.of(all, "open-at-exit", site + lines.get("fis-file") + ")").size(), run.toString());
        assertEquals(lines.size() - 3, all.size(), run.toString());
    }

    @Test
    void reportStderrOffIsSilentButJsonStillWritten(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("nested/dir/findings.jsonl");
        JvmRun.Result run = JvmRun.on(JDK).agent("report.stderr=off,report.json=" + json)
                .run(LEAKS, "0").assertAgentHealthy();
        assertTrue(run.agentLines().isEmpty(), run.toString());
        assertTrue(Files.readString(json).contains("\"kind\":\"definite\""), Files.readString(json));
        // A clean program writes no file at all.
        Path clean = json.resolveSibling("clean.jsonl");
        JvmRun.on(JDK).agent("report.json=" + clean).run(FileClean.class.getName()).assertAgentHealthy();
        assertTrue(Files.notExists(clean));
    }
}
