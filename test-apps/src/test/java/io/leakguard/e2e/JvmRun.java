package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a test app in a forked JVM, with or without the built agent jar, and keeps its output. */
public final class JvmRun {
    public static final Path AGENT_JAR = Paths.get(System.getProperty("leakguard.agent.jar",
            "../agent/target/leakguard-agent.jar")).toAbsolutePath().normalize();
    public static final String APP_CLASSES = System.getProperty("leakguard.apps.classes", "target/classes");
    /** The built agent's version, as it reads it from its manifest. */
    public static final String AGENT_VERSION = manifestVersion(AGENT_JAR);
    /** The agent's start line, up to the mode: "leakguard 0.1.0-SNAPSHOT: on". */
    public static final String ON_LINE = "leakguard " + AGENT_VERSION + ": on";

    static String manifestVersion(Path jar) {
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(jar.toFile())) {
            return f.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the manifest of " + jar + " (build the agent first)", e);
        }
    }

    /**
     * The forked programs compile with C1 only: they live a few seconds, and C2's compiler threads
     * doubled their CPU time (3.0 s -> 1.4 s of user time for one JdbcLeaks run), on machines
     * where two cores run the suite. What the tests prove is the agent's bytecode and reports,
     * which do not depend on the tier that compiles them; the JMH benchmarks measure speed
     * (docs/benchmarks.md). A test that needs C2 says {@link #fullJit()};
     * -Dleakguard.e2e.fullJit=true gives every test both tiers (to compare, or to rule it out).
     */
    static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

    private final Path javaHome;
    private final List<String> jvmArgs = new ArrayList<>();
    private boolean quickJit = !Boolean.getBoolean("leakguard.e2e.fullJit");
    private final Map<String, String> env = new HashMap<>();
    private String agentArgs;
    private boolean withAgent;
    private boolean withReport;
    private String classPath = APP_CLASSES;

    /** The test programs' classes plus their runtime dependencies (drivers, pools). */
    public static String appsClassPath() throws IOException {
        Path file = Paths.get(System.getProperty("leakguard.apps.classpath.file", "target/apps.classpath"));
        return APP_CLASSES + java.io.File.pathSeparator + Files.readString(file).trim();
    }

    private JvmRun(Path javaHome) {
        this.javaHome = javaHome;
    }

    public static JvmRun on(Path javaHome) {
        return new JvmRun(javaHome);
    }

    public JvmRun agent(String args) {
        this.withAgent = true;
        this.agentArgs = args;
        return this;
    }

    /**
     * Also writes report.json, into the run's own directory, and reads it back into
     * {@link Result#report} with Jackson (a malformed line fails the test).
     */
    public JvmRun report() {
        this.withReport = true;
        return this;
    }

    public JvmRun jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    /** Both JIT tiers, as a production JVM runs (see {@link #QUICK_JIT}). */
    public JvmRun fullJit() {
        this.quickJit = false;
        return this;
    }

    public JvmRun classPath(String cp) {
        this.classPath = cp;
        return this;
    }

    public JvmRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A shell command run before the JVM, in the same shell (for example "ulimit -n 256"). */
    public JvmRun shell(String prelude) {
        this.prelude = prelude;
        return this;
    }

    private String prelude;
    /**
     * The forked program's java.io.tmpdir unless the test names one: the run's own directory
     * (deleted after it) or, for a started program, the directory of its output files (the
     * test's), so what a test program creates there goes when the test's files go.
     */
    private Path tmpDir;

    /** Starts the program and returns at once; stdout and stderr go to the files given. */
    public Process start(Path out, Path err, String mainClass, String... args) throws IOException {
        tmpDir = out.toAbsolutePath().getParent();
        ProcessBuilder pb = new ProcessBuilder(command(mainClass, args)).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        environment(pb);
        return pb.start();
    }

    /**
     * The forked JVM sees none of this JVM's LEAKGUARD_* variables, only the test's. The install
     * is the default (before main(): the test programs leak in their first milliseconds) unless a
     * test asks otherwise; StartupTest covers the background install (install=async).
     */
    private void environment(ProcessBuilder pb) {
        pb.environment().keySet().removeIf(k -> k.startsWith("LEAKGUARD_"));
        pb.environment().putAll(env);
    }

    public Result run(String mainClass, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("e2e-run");
        try {
            tmpDir = dir;
            List<String> cmd = command(mainClass, args);
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            environment(pb);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                fail("timed out: " + String.join(" ", cmd));
            }
            return new Result(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), withReport ? Report.read(reportFile()) : null);
        } finally {
            tmpDir = null;
            deleteTree(dir);
        }
    }

    /** Deletes a directory and everything under it (the forked program's temporary files too). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path reportFile() {
        if (tmpDir == null) {
            throw new IllegalStateException("report() is for run(), which reads it back");
        }
        return tmpDir.resolve("report.json");
    }

    private List<String> command(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        if (quickJit) {
            cmd.add(QUICK_JIT);
        }
        if (withAgent) {
            if (!Files.isRegularFile(AGENT_JAR)) {
                fail("the agent jar is not built: " + AGENT_JAR + " (run mvn verify from the top)");
            }
            String options = agentArgs == null ? "" : agentArgs;
            if (withReport) {
                options = (options.isEmpty() ? "" : options + ",") + "report.json=" + reportFile();
            }
            cmd.add("-javaagent:" + AGENT_JAR + (options.isEmpty() ? "" : "=" + options));
        }
        if (tmpDir != null && jvmArgs.stream().noneMatch(a -> a.startsWith("-Djava.io.tmpdir="))) {
            cmd.add("-Djava.io.tmpdir=" + tmpDir);
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        if (prelude == null) {
            return cmd;
        }
        List<String> shell = new ArrayList<>(List.of("bash", "-c", prelude + " && exec \"$@\"", "bash"));
        shell.addAll(cmd);
        return shell;
    }

    public static final class Result {
        public final List<String> command;
        public final int exitCode;
        public final String stdout;
        public final String stderr;
        private final Report report;

        Result(List<String> command, int exitCode, String stdout, String stderr, Report report) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.report = report;
        }

        /** The findings of report.json, when the run was asked for it ({@link JvmRun#report()}). */
        public Report report() {
            if (report == null) {
                throw new IllegalStateException("run without report(): " + String.join(" ", command));
            }
            return report;
        }

        /** Lines of stderr that the agent wrote. */
        public List<String> agentLines() {
            List<String> out = new ArrayList<>();
            for (String l : stderr.split("\n")) {
                if (l.startsWith("leakguard")) {
                    out.add(l);
                }
            }
            return out;
        }

        /** Fails when the agent reported a failure of its own (instrumentation or tracker). */
        public Result assertAgentHealthy() {
            assertFalse(stderr.contains("leakguard: internal error"), "agent error:\n" + this);
            assertFalse(stderr.contains("leakguard: could not"), "agent error:\n" + this);
            return this;
        }

        @Override
        public String toString() {
            return "$ " + String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + stdout
                    + "\n--- stderr\n" + stderr + (report == null ? "" : "\n--- " + report);
        }
    }
}
