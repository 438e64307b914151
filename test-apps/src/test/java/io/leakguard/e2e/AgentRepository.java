package io.leakguard.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * A local Maven repository holding the built agent as `mvn install` would put it there
 * (io.leakguard:leakguard-agent, its reduced pom, the parent pom), so that a sample build
 * can name the agent by its coordinate. Everything else is the user's local repository, linked
 * in entry by entry: the samples build offline, and nothing is installed into the shared
 * repository (other worktrees build against it at the same time).
 */
final class AgentRepository {
    private AgentRepository() {
    }

    /** Lays the repository out under {@code dir} and returns it. */
    static Path create(Path dir) throws IOException {
        Path shared = Paths.get(System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository"));
        Path repo = Files.createDirectories(dir.resolve("repository"));
        linkAllBut(shared, repo, "io");
        Path io = Files.createDirectories(repo.resolve("io"));
        if (Files.isDirectory(shared.resolve("io"))) {
            // io/leakguard may hold an older install; the built one takes its place.
            linkAllBut(shared.resolve("io"), io, "leakguard");
        }
        Path root = JvmRun.AGENT_JAR.getParent().getParent().getParent();
        String v = JvmRun.AGENT_VERSION;
        Path agent = Files.createDirectories(io.resolve("leakguard/leakguard-agent/" + v));
        Files.copy(JvmRun.AGENT_JAR, agent.resolve("leakguard-agent-" + v + ".jar"));
        Files.copy(root.resolve("agent/dependency-reduced-pom.xml"), agent.resolve("leakguard-agent-" + v + ".pom"));
        Path parent = Files.createDirectories(io.resolve("leakguard/leakguard-parent/" + v));
        Files.copy(root.resolve("pom.xml"), parent.resolve("leakguard-parent-" + v + ".pom"));
        return repo;
    }

    private static void linkAllBut(Path from, Path to, String except) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                if (!e.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(e.getFileName().toString()), e);
                }
            }
        }
    }
}
