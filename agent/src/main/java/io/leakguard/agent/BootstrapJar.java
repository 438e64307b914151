package io.leakguard.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarFile;

/**
 * The agent jar carries the bootstrap classes as a nested jar (not as classes, so the system
 * class loader can never define a second copy). It is written to a temporary file and appended
 * to the boot class path, where advice inlined into java.* classes can see it.
 */
final class BootstrapJar {
    static final String RESOURCE = "META-INF/leakguard/leakguard-bootstrap.jar";
    /** Where this JVM's copy was written (null if it was on the boot class path already). */
    static volatile Path written;

    private BootstrapJar() {
    }

    static void append(Instrumentation inst) throws IOException {
        if (alreadyOnBootPath()) {
            return;
        }
        Path tmp;
        try {
            tmp = Files.createTempFile("leakguard-bootstrap-", ".jar",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile("leakguard-bootstrap-", ".jar");
        }
        try (InputStream in = BootstrapJar.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the agent jar");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        tmp.toFile().deleteOnExit();
        written = tmp;
        inst.appendToBootstrapClassLoaderSearch(new JarFile(tmp.toFile()));
    }

    private static boolean alreadyOnBootPath() {
        try {
            Class.forName("io.leakguard.bootstrap.Tracker", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

}
