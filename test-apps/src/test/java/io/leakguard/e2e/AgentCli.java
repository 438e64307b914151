package io.leakguard.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The agent jar's command line, run as a user runs it: {@code java -jar leakguard-agent.jar ARGS}. */
final class AgentCli {
    final int exit;
    /** Standard output and error, interleaved as a terminal shows them. */
    final String out;

    private AgentCli(int exit, String out) {
        this.exit = exit;
        this.out = out;
    }

    /** The built jar. */
    static AgentCli run(Path jdk, String... args) throws Exception {
        return run(jdk, JvmRun.AGENT_JAR, args);
    }

    static AgentCli run(Path jdk, Path jar, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        // Output to a file, not a pipe read to its end first: a CLI that hangs fails the test
        // after a minute instead of hanging the build.
        Path log = Files.createTempFile("leakguard-cli", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("CLI timed out: " + cmd + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new AgentCli(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n" + out;
    }
}
