package io.leakguard.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "CLI timed out: " + cmd);
        return new AgentCli(p.exitValue(), out);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n" + out;
    }
}
