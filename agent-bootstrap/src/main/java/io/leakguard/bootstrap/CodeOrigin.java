package io.leakguard.bootstrap;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a class was loaded from: a build's own output directory (target/classes,
 * target/test-classes, build/classes) or a jar. Package names are not provenance: a pool's own
 * test suite lives in the pool's package, which the site search skips as a library. A class
 * from a directory is the project's own code, whatever its package; a class from a jar is judged
 * by its package, as before.
 *
 * <p>Asked only for frames whose package is a skipped library's, so the cost stays off the
 * common path; remembered per class.
 */
final class CodeOrigin {
    private static final ClassValue<Boolean> FROM_DIRECTORY = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fromDirectory(type);
        }
    };
    /** ci mode resolves sites from stack trace elements (names only), on the scanner thread. */
    private static final ConcurrentHashMap<String, Boolean> BY_NAME = new ConcurrentHashMap<>();
    private static final int MAX_NAMES = 4096;

    private CodeOrigin() {
    }

    static boolean isBuildOutput(Class<?> type) {
        return type != null && FROM_DIRECTORY.get(type);
    }

    /**
     * By name: the class as the system class loader sees it (where build tools such as
     * Surefire put the project's test and main classes). Never initializes it. A class that loader
     * cannot find (an isolated test class loader) is judged by its package, as before.
     */
    static boolean isBuildOutput(String className) {
        Boolean known = BY_NAME.get(className);
        if (known != null) {
            return known;
        }
        boolean fromDir;
        try {
            fromDir = fromDirectory(Class.forName(className, false, ClassLoader.getSystemClassLoader()));
        } catch (Throwable notVisible) {
            fromDir = false;
        }
        if (BY_NAME.size() < MAX_NAMES) {
            BY_NAME.put(className, fromDir);
        }
        return fromDir;
    }

    private static boolean fromDirectory(Class<?> type) {
        try {
            ProtectionDomain domain = type.getProtectionDomain();
            CodeSource source = domain == null ? null : domain.getCodeSource();
            URL location = source == null ? null : source.getLocation();
            return location != null && "file".equals(location.getProtocol()) && location.getPath().endsWith("/");
        } catch (RuntimeException unreadable) {
            return false;
        }
    }
}
