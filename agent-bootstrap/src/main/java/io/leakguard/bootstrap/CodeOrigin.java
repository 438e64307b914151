package io.leakguard.bootstrap;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a class was loaded from: the project's own build (target/classes, target/test-classes,
 * build/classes, a module's jar in target/, the application's classes in a Spring Boot jar), see
 * {@link #isProjectLocation}, or a library's jar. Package names are not provenance: a pool's own
 * test suite lives in the pool's package, which the site search skips as a library, and companies
 * use a framework's prefix for their own code. A class of the project's build is the project's
 * own code, whatever its package; a class from any other jar is judged by its package, as before.
 *
 * <p>Asked only for frames whose package is a skipped library's, so the cost stays off the
 * common path; remembered per class.
 */
final class CodeOrigin {
    private static final ClassValue<Boolean> FROM_PROJECT = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return fromProject(type);
        }
    };
    /** ci mode resolves sites from stack trace elements (names only), on the scanner thread. */
    private static final ConcurrentHashMap<String, Boolean> BY_NAME = new ConcurrentHashMap<>();
    private static final int MAX_NAMES = 4096;

    private CodeOrigin() {
    }

    static boolean isBuildOutput(Class<?> type) {
        return type != null && FROM_PROJECT.get(type);
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
            fromDir = fromProject(Class.forName(className, false, ClassLoader.getSystemClassLoader()));
        } catch (Throwable notVisible) {
            fromDir = false;
        }
        if (BY_NAME.size() < MAX_NAMES) {
            BY_NAME.put(className, fromDir);
        }
        return fromDir;
    }

    private static boolean fromProject(Class<?> type) {
        URL location = url(type);
        return location != null && isProjectLocation(location.getProtocol(), location.getPath());
    }

    /** Remembered per class: ClassOwned compares every loaded class of a loader with one place. */
    private static final ClassValue<String> LOCATION = new ClassValue<String>() {
        @Override
        protected String computeValue(Class<?> type) {
            URL u = url(type);
            return u == null ? null : u.toString();
        }
    };

    /** The jar or classes directory the class was loaded from, or null if that is not known. */
    static String location(Class<?> type) {
        return type == null ? null : LOCATION.get(type);
    }

    private static URL url(Class<?> type) {
        try {
            ProtectionDomain domain = type.getProtectionDomain();
            CodeSource source = domain == null ? null : domain.getCodeSource();
            return source == null ? null : source.getLocation();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The project's own code: a build's output directory; the jar a build made of a module,
     * directly in its target/ or build/libs/ (a multi-module build's sibling); the application's
     * classes inside a Spring Boot or WAR archive (BOOT-INF/classes, WEB-INF/classes). Libraries
     * come from a repository, or lie a level deeper (target/lib/, target/dependency/,
     * BOOT-INF/lib/), so are never taken for it.
     */
    static boolean isProjectLocation(String protocol, String path) {
        if (path == null) {
            return false;
        }
        if ("file".equals(protocol)) {
            if (path.endsWith("/")) {
                return true;
            }
            if (path.endsWith(".jar")) {
                String dir = path.substring(0, path.lastIndexOf('/') + 1);
                return dir.endsWith("/target/") || dir.endsWith("/build/libs/");
            }
            return false;
        }
        return "jar".equals(protocol) && (path.contains("BOOT-INF/classes") || path.contains("WEB-INF/classes"));
    }
}
