package io.leakguard.bootstrap;

/**
 * What a stack frame's class is, by name: the JDK's, leakguard's own, a mechanism that owns what
 * it opens for the life of the JVM, a test framework, or the application's. One list of each,
 * shared by site capture, the lock watch and the agent's class matchers, so they never disagree
 * about what "the JDK" is.
 */
public final class Frames {
    /** Not a site: the JDK, leakguard's own frames, a test framework, a skipped library. */
    static final int SKIP = 0;
    /** The application's frame: where a resource was acquired. */
    static final int APPLICATION = 1;
    /** A frame whose presence means the JDK (or the agent) owns the resource: never tracked. */
    static final int INTERNAL_OWNER = 2;

    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    /** The tracker's own frames, on top of every walk. */
    private static final String AGENT = "io.leakguard.bootstrap.";
    /** The agent's code further down: whatever it opens is the agent's own, never tracked. */
    private static final String[] AGENT_OWNED = {"io.leakguard.agent.", "io.leakguard.shaded."};
    /** Frames whose presence means the JDK owns the resource for the life of the JVM. */
    private static final String[] INTERNAL_OWNERS = {
        "jdk.internal.loader.", "java.lang.ClassLoader", "java.net.URLClassLoader",
        "java.security.SecureClassLoader", "sun.security.", "java.lang.invoke.",
        "jdk.internal.jimage.", "jdk.internal.module.", "java.util.ServiceLoader", "java.util.zip.ZipFile$Source",
        "jdk.internal.jrtfs.", "jdk.jfr.", "sun.launcher.",
        // The JDK's HTTP clients pool their connections (keep-alive): the JDK owns those sockets.
        "sun.net.www.http.", "sun.net.www.protocol.http.", "sun.net.www.protocol.https.",
        "sun.net.www.protocol.jar.", "jdk.internal.net.http.", "sun.rmi.", "sun.management."
    };
    /**
     * Test frameworks and build tools: never where a resource was acquired. A test's own line is
     * below them on the stack, or, when there is none (a runner writing its reports), the
     * resource is not the application's.
     */
    static final String[] TEST_FRAMEWORKS = {"org.junit.", "junit.", "org.opentest4j.", "org.testng.",
        "org.apiguardian.", "org.assertj.", "org.hamcrest.", "org.mockito.", "org.easymock.", "org.spockframework.",
        "net.jqwik.", "org.apache.maven.surefire.", "org.gradle.", "org.openjdk.jmh."};
    /** JMH's generated benchmark stubs, in a package of the benchmark's own: the harness, not the application. */
    private static final String JMH_STUBS = ".jmh_generated.";
    /** The JDK's lock classes, between a lock's caller and the parking internals. */
    private static final String LOCK_API = "java.util.concurrent.locks.";

    private Frames() {
    }

    /** A class of the JDK (java., javax., jdk., sun., com.sun.). */
    public static boolean isJdk(String className) {
        return startsWithAny(className, JDK);
    }

    /** The JDK's package prefixes, for code that matches names its own way. */
    public static String[] jdkPackages() {
        return JDK.clone();
    }

    /** leakguard's boot-side frames (the tracker's own, on top of every stack it walks). */
    public static boolean isTracker(String className) {
        return className.startsWith(AGENT);
    }

    /** Any of leakguard's own code: the tracker's, the agent's and what it bundles, relocated. */
    public static boolean isAgent(String className) {
        return className.startsWith(AGENT) || startsWithAny(className, AGENT_OWNED);
    }

    /**
     * Reflection's and method handles' own frames (Method.invoke, its accessors, LambdaForms):
     * plumbing between a caller and what it called, never the caller.
     */
    static boolean isInvocation(String className) {
        return startsWithAny(className, INVOCATION);
    }

    private static final String[] INVOCATION = {"java.lang.invoke.", "java.lang.reflect.", "jdk.internal.reflect."};

    /** java.util.concurrent.locks: the lock API a lock's caller called. */
    public static boolean isLockApi(String className) {
        return className.startsWith(LOCK_API);
    }

    static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A class loader's own code (any loader: the JDK's, an application server's, another agent's
     * such as OpenTelemetry's AgentClassLoader) opens the jars it loads from and keeps them for as
     * long as it lives: the loader owns them, not the application. Judged by name, which is all
     * a ci-mode stack trace has.
     */
    static boolean isClassLoaderName(String className) {
        int inner = className.indexOf('$');
        String outer = inner < 0 ? className : className.substring(0, inner);
        return outer.endsWith("ClassLoader");
    }

    /**
     * {@link #SKIP}, {@link #APPLICATION} or {@link #INTERNAL_OWNER}.
     *
     * @param type the frame's class when the walk has it (monitor mode); null to look it up by
     *     name (ci mode, on the scanner thread). Only asked for a skipped library's package: a
     *     class of that package loaded from a build's output directory is the project's own (a
     *     pool's own test suite), see {@link CodeOrigin}.
     * @param libraries package prefixes of libraries skipped on the way to the application frame
     */
    static int classify(String className, Class<?> type, String[] libraries) {
        if (isTracker(className)) {
            return SKIP;
        }
        if (startsWithAny(className, INTERNAL_OWNERS) || startsWithAny(className, AGENT_OWNED)
                || isClassLoaderName(className)) {
            return INTERNAL_OWNER;
        }
        if (isJdk(className) || startsWithAny(className, TEST_FRAMEWORKS) || className.contains(JMH_STUBS)) {
            return SKIP;
        }
        if (startsWithAny(className, libraries)) {
            boolean own = type != null ? CodeOrigin.isBuildOutput(type) : CodeOrigin.isBuildOutput(className);
            return own ? APPLICATION : SKIP;
        }
        return APPLICATION;
    }
}
