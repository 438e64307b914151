package io.leakguard.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Which leakguard this is, from the manifest of the jar these classes were loaded from (set by
 * the build: {@code Implementation-Version} and {@code Leakguard-Build}, the build's time), never
 * from a literal that a release could forget to change. A JVM keeps the first leakguard classes
 * it loads, so the CLI compares this identity with the target's before loading its jar there.
 */
public final class BuildInfo {
    /** The released version, e.g. 0.1.0 or 0.1.0-SNAPSHOT; "dev" when not run from a jar. */
    public static final String VERSION;
    /** Version and build stamp together: equal only for the same build of the jar. */
    public static final String ID;

    static {
        String version = "dev";
        String build = "dev";
        try {
            Path jar = Paths.get(BuildInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (jar.toString().endsWith(".jar")) {
                try (JarFile f = new JarFile(jar.toFile(), false)) {
                    Manifest m = f.getManifest();
                    Attributes a = m == null ? null : m.getMainAttributes();
                    if (a != null && a.getValue(Attributes.Name.IMPLEMENTATION_VERSION) != null) {
                        version = a.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
                    }
                    if (a != null && a.getValue("Leakguard-Build") != null) {
                        build = a.getValue("Leakguard-Build");
                    }
                }
            }
        } catch (Exception | LinkageError e) {
            // Classes not from a readable jar (a build's classes directory): "dev".
        }
        VERSION = version;
        // String.concat, not +: the first + of a shape spins up method handles (~30 ms), and
        // premain runs this before the application's main.
        ID = version.concat(" (build ").concat(build).concat(")");
    }

    private BuildInfo() {
    }
}
