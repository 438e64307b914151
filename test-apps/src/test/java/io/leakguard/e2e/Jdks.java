package io.leakguard.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The JDKs every end-to-end test runs on: the one running the build, plus each home listed in
 * -Dleakguard.test.jdks (comma-separated), by default Temurin 25 where this project's machines
 * have it. Under CI=true a listed JDK that is missing fails the run instead of being skipped.
 */
public final class Jdks {
    static final String DEFAULT_EXTRA = "/usr/lib/jvm/temurin-25-jdk-amd64";

    private Jdks() {
    }

    public static List<Path> all() {
        Set<Path> homes = new LinkedHashSet<>();
        homes.add(Paths.get(System.getProperty("java.home")));
        String extra = System.getProperty("leakguard.test.jdks", DEFAULT_EXTRA);
        for (String h : extra.split(",")) {
            if (h.isBlank()) {
                continue;
            }
            Path home = Paths.get(h.trim());
            if (Files.isExecutable(home.resolve("bin/java"))) {
                homes.add(home);
            } else if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("JDK for the end-to-end tests is missing: " + home
                        + " (set -Dleakguard.test.jdks= to change the list)");
            } else {
                System.err.println("e2e: JDK " + home + " not found here; testing without it");
            }
        }
        return new ArrayList<>(homes);
    }

    /** The method source of {@link OnEachJdk}. */
    static Stream<Path> homes() {
        return all().stream();
    }

    /**
     * Each case on each JDK: the case's arguments followed by the JDK's home, for tests whose
     * cases vary more than by JDK (loaders, databases, pools).
     */
    static Stream<Arguments> crossed(List<Object[]> cases) {
        List<Arguments> out = new ArrayList<>();
        for (Path jdk : all()) {
            for (Object[] c : cases) {
                Object[] args = java.util.Arrays.copyOf(c, c.length + 1);
                args[c.length] = jdk;
                out.add(Arguments.of(args));
            }
        }
        return out.stream();
    }

    /** The feature release of the JDK at this home (17, 25), from its release file. */
    public static int feature(Path home) {
        try {
            for (String l : Files.readAllLines(home.resolve("release"))) {
                if (l.startsWith("JAVA_VERSION=")) {
                    String v = l.substring("JAVA_VERSION=".length()).replace("\"", "");
                    int dot = v.indexOf('.');
                    return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the version of the JDK at " + home, e);
        }
        throw new IllegalStateException("no JAVA_VERSION in " + home.resolve("release"));
    }
}
