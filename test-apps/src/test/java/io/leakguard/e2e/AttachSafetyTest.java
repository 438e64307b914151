package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leakguard.apps.attach.AttachTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * The attach CLI never harms a process and never lies: it sends nothing to a process that is not
 * a JVM (the JDK's SIGQUIT would end it), still reaches a JVM that hides from the hsperfdata
 * listing, reports the target's refusal of a bad option, and refuses to load a jar of another
 * build into a JVM that already loaded leakguard (its old classes would run under the new name).
 */
import org.junit.jupiter.api.io.TempDir;

class AttachSafetyTest {
    /** The targets' stop files and stderr, one directory each; deleted after the class. */
    @TempDir
    static Path tmp;

    private static AgentCli cli(Path jdk, Path jar, String... args) throws Exception {
        return AgentCli.run(jdk, jar, args);
    }

    /** An AttachTarget JVM (no agent) with its PID; stderr to a file. */
    private static final class Target implements AutoCloseable {
        final Process process;
        final String pid;
        final Path stop;
        final Path err;

        Target(Path jdk, String... jvmArgs) throws IOException {
            Path dir = Files.createTempDirectory(tmp, "e2e-attach-safety");
            stop = dir.resolve("stop");
            err = dir.resolve("target-stderr.txt");
            List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
            cmd.addAll(List.of(jvmArgs));
            cmd.add("-Djava.io.tmpdir=" + dir); // what AttachTarget writes goes with the test's files
            cmd.addAll(List.of("-cp", JvmRun.APP_CLASSES, AttachTarget.class.getName(), stop.toString()));
            process = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            Matcher m = Pattern.compile("AttachTarget pid (\\d+)").matcher(String.valueOf(first));
            assertTrue(m.find(), String.valueOf(first));
            pid = m.group(1);
        }

        String stderr() throws IOException {
            return Files.readString(err);
        }

        /** Stops it and checks it ended normally: nothing the CLI did harmed it. */
        void stopCleanly() throws Exception {
            Files.createFile(stop);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), stderr());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @OnEachJdk
    void aProcessThatIsNotAJvmIsNeverSignalled(Path jdk) throws Exception {
        // A JVM's threads block SIGQUIT and its children inherit that mask (and a background
        // shell job ignores it): perl restores what a process started from a terminal has, so
        // a SIGQUIT would end this one, as it would a database or a shell given by mistake.
        Process sleep = new ProcessBuilder("perl", "-e", "use POSIX; $SIG{QUIT} = 'DEFAULT';"
                + " sigprocmask(SIG_UNBLOCK, POSIX::SigSet->new(SIGQUIT)) or die; exec 'sleep', '60'").start();
        try {
            String pid = String.valueOf(sleep.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(Path.of("/proc", pid, "comm")).trim().equals("sleep") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String status = Files.readString(Path.of("/proc", pid, "status"));
            for (String mask : List.of("SigBlk", "SigIgn", "SigCgt")) {
                Matcher m = Pattern.compile(mask + ":\\s*(\\p{XDigit}+)").matcher(status);
                assertTrue(m.find() && (Long.parseUnsignedLong(m.group(1), 16) & 4) == 0,
                        "SIGQUIT must have its default action (ends the process) in the sleep:\n" + status);
            }
            for (String[] args : List.of(new String[] {"detach", pid}, new String[] {"attach", pid},
                    new String[] {"report", pid}, new String[] {"set", pid, "leak.warn=1s"})) {
                AgentCli c = cli(jdk, JvmRun.AGENT_JAR, args);
                assertTrue(sleep.isAlive(), args[0] + " must not end the process (SIGQUIT kills a non-JVM): "
                        + (sleep.isAlive() ? "" : "exit " + sleep.exitValue()) + "\n" + c);
                assertEquals(1, c.exit, args[0] + ": " + c);
                assertEquals(1, c.out.trim().lines().count(), args[0] + ": " + c);
                assertTrue(c.out.startsWith("leakguard: PID " + pid + " (sleep) is not a JVM")
                        && c.out.contains("nothing was sent to it"), args[0] + ": " + c);
            }
        } finally {
            sleep.destroyForcibly();
        }
    }

    @OnEachJdk
    void aJvmWithoutPerfDataIsStillReached(Path jdk) throws Exception {
        try (Target t = new Target(jdk, "-XX:-UsePerfData")) {
            AgentCli list = cli(jdk, JvmRun.AGENT_JAR, "list");
            assertFalse(list.out.contains(t.pid + " "), "not in the listing, so the /proc check lets it through:\n" + list);
            // Detach is live control: the JVM's own user turns it on with the attach (jmx.control).
            AgentCli attach = cli(jdk, JvmRun.AGENT_JAR, "attach", t.pid, "jmx.control=on");
            assertEquals(0, attach.exit, attach.toString());
            assertTrue(attach.out.contains("leakguard attached to " + t.pid), attach.toString());
            AgentCli detach = cli(jdk, JvmRun.AGENT_JAR, "detach", t.pid);
            assertEquals(0, detach.exit, detach.toString());
            t.stopCleanly();
        }
    }

    @OnEachJdk
    void aRefusedOptionIsReportedWithTheTargetsMessage(Path jdk) throws Exception {
        try (Target t = new Target(jdk)) {
            AgentCli bogus = cli(jdk, JvmRun.AGENT_JAR, "attach", t.pid, "mode=bogus");
            assertEquals(1, bogus.exit, bogus.toString());
            assertEquals(1, bogus.out.trim().lines().count(), bogus.toString());
            assertTrue(bogus.out.startsWith("leakguard: the JVM " + t.pid + " refused: option 'mode' has a bad value "
                    + "'bogus' (from agent arguments): expected monitor|enforce|ci; leakguard is off"), bogus.toString());
            assertFalse(bogus.out.contains("applied"), bogus.toString());
            AgentCli notRunning = cli(jdk, JvmRun.AGENT_JAR, "report", t.pid);
            assertTrue(notRunning.exit == 1 && notRunning.out.contains("leakguard is not running"), notRunning.toString());

            AgentCli attach = cli(jdk, JvmRun.AGENT_JAR, "attach", t.pid);
            assertEquals(0, attach.exit, attach.toString());
            assertTrue(attach.out.contains("leakguard attached to " + t.pid), attach.toString());

            // Leakguard running: the refusal says it runs on unchanged, and a good change is reported as made.
            AgentCli again = cli(jdk, JvmRun.AGENT_JAR, "attach", t.pid, "mode=bogus");
            assertEquals(1, again.exit, again.toString());
            assertEquals(1, again.out.trim().lines().count(), again.toString());
            assertTrue(again.out.contains("refused: option 'mode' has a bad value 'bogus'")
                    && again.out.contains("nothing was changed, leakguard runs on as before"), again.toString());
            AgentCli change = cli(jdk, JvmRun.AGENT_JAR, "attach", t.pid, "leak.warn=2s,jmx.control=on");
            assertEquals(0, change.exit, change.toString());
            assertTrue(change.out.contains("already running") && change.out.contains("changed leak.warn=2s"),
                    change.toString());

            AgentCli detach = cli(jdk, JvmRun.AGENT_JAR, "detach", t.pid);
            assertEquals(0, detach.exit, detach.toString());
            t.stopCleanly();
            String stderr = t.stderr();
            assertEquals(1, stderr.lines().filter(l -> l.startsWith(JvmRun.ON_LINE)).count(), stderr);
            assertFalse(stderr.contains("Exception"), stderr);
        }
    }

    @OnEachJdk
    void aJarOfAnotherBuildIsRefused(Path jdk) throws Exception {
        Path other = Files.createTempDirectory(tmp, "e2e-other-build").resolve("leakguard-agent.jar");
        withManifest(JvmRun.AGENT_JAR, other, "9.9.9-test", "other-build");
        AgentCli version = cli(jdk, other, "--version");
        assertEquals("leakguard 9.9.9-test (build other-build)", version.out.trim(), version.toString());

        try (Target t = new Target(jdk)) {
            // The rewritten jar is a working agent in its own right.
            AgentCli attach = cli(jdk, other, "attach", t.pid, "scan.interval=250ms,jmx.control=on");
            assertEquals(0, attach.exit, attach.toString());
            assertTrue(attach.out.contains("leakguard attached to " + t.pid), attach.toString());
            AgentCli report = cli(jdk, other, "report", t.pid, "--family=file");
            for (int i = 0; i < 40 && report.exit == 0 && !report.out.contains("AttachTarget.leakOne"); i++) {
                Thread.sleep(250);
                report = cli(jdk, other, "report", t.pid, "--family=file");
            }
            assertEquals(0, report.exit, report.toString());
            assertTrue(report.out.contains("AttachTarget.leakOne"), "the copy tracks the leaks:\n" + report);

            AgentCli mismatch = cli(jdk, JvmRun.AGENT_JAR, "attach", t.pid);
            assertEquals(1, mismatch.exit, mismatch.toString());
            assertEquals(1, mismatch.out.trim().lines().count(), mismatch.toString());
            assertTrue(mismatch.out.contains("has leakguard 9.9.9-test (build other-build) running")
                    && mismatch.out.contains("this jar is leakguard " + JvmRun.AGENT_VERSION + " (build ")
                    && mismatch.out.contains("nothing was loaded"), mismatch.toString());

            AgentCli detach = cli(jdk, other, "detach", t.pid);
            assertEquals(0, detach.exit, detach.toString());
            // Detached, its classes stay loaded: the new jar would still run them.
            AgentCli afterDetach = cli(jdk, JvmRun.AGENT_JAR, "attach", t.pid);
            assertEquals(1, afterDetach.exit, afterDetach.toString());
            assertTrue(afterDetach.out.contains("has leakguard 9.9.9-test (build other-build) loaded (not running now)"),
                    afterDetach.toString());
            AgentCli stillOff = cli(jdk, other, "report", t.pid);
            assertTrue(stillOff.exit == 1 && stillOff.out.contains("leakguard is not running"), stillOff.toString());

            // The same build attaches again.
            AgentCli same = cli(jdk, other, "attach", t.pid);
            assertEquals(0, same.exit, same.toString());
            assertTrue(same.out.contains("leakguard attached to " + t.pid), same.toString());
            t.stopCleanly();
            String stderr = t.stderr();
            assertEquals(2, stderr.lines().filter(l -> l.startsWith("leakguard 9.9.9-test: on")).count(), stderr);
            assertFalse(stderr.contains(JvmRun.ON_LINE), "the built jar's agent never started:\n" + stderr);
        }
    }

    /** A copy of {@code jar} whose manifest names another version and build; every other entry as is. */
    static void withManifest(Path jar, Path copy, String version, String build) throws IOException {
        try (JarFile in = new JarFile(jar.toFile()); OutputStream out = Files.newOutputStream(copy)) {
            Manifest m = new Manifest(in.getManifest());
            m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
            m.getMainAttributes().putValue("Leakguard-Build", build);
            try (JarOutputStream jos = new JarOutputStream(out, m)) {
                for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
                    ZipEntry entry = e.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    jos.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream is = in.getInputStream(entry)) {
                        is.transferTo(jos);
                    }
                    jos.closeEntry();
                }
            }
        }
    }
}
