package io.leakguard.bootstrap;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds where a resource was acquired, with a bounded StackWalker walk that stops at the first
 * application frame. Sites are interned, so a resource costs one pointer to its site.
 *
 * <p>Three answers: an application {@link Site}; {@link #INTERNAL} when a JDK mechanism is the
 * real owner (class loading opening class-path jars, the security providers opening
 * /dev/random); or null when no application frame is on the stack at all (a JDK or library
 * thread working for itself). The last two are not tracked.
 */
final class SiteCapture {
    static final Object INTERNAL = new Object();

    private static final StackWalker WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));

    /** The tracker's own frames, on top of every walk: skipped. */
    private static final String[] AGENT = {"io.leakguard.bootstrap."};
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
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
    /**
     * Test frameworks and build tools: never where a resource was acquired. A test's own line is
     * below them on the stack, or, when there is none (a runner writing its reports), the
     * resource is not the application's.
     */
    private static final String[] TEST_FRAMEWORKS = {"org.junit.", "junit.", "org.opentest4j.", "org.testng.",
        "org.apiguardian.", "org.assertj.", "org.hamcrest.", "org.mockito.", "org.easymock.", "org.spockframework.",
        "net.jqwik.", "org.apache.maven.surefire.", "org.gradle."};

    /** Library frames skipped on the way to the application frame; set from configuration. */
    static volatile String[] libraries = {};
    static volatile int maxDepth = 64;

    private static final ConcurrentHashMap<FrameKey, Site> SITES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Site> SITES_BY_FRAME = new ConcurrentHashMap<>();
    /** Site of a resource acquired under the site-capture budget's limit (see Tracker). */
    static final Site UNSAMPLED = new Site("(site not sampled)", new String[0]);
    /** Site of a ci-mode record that turned out to belong to the JDK; never reported. */
    static final Site JDK_OWNED = new Site("(JDK-owned)", new String[0]);

    private SiteCapture() {
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

    /** 0 = skip (JDK, test framework or library), 1 = application frame, 2 = internal owner. */
    static int classify(String className) {
        return classify(className, null);
    }

    /**
     * @param type the frame's class when the walk has it (monitor mode); null to look it up by
     *     name (ci mode, on the scanner thread). Only asked for a skipped library's package: a
     *     class of that package loaded from a build's output directory is the project's own (a
     *     pool's own test suite), see {@link CodeOrigin}.
     */
    static int classify(String className, Class<?> type) {
        if (startsWithAny(className, AGENT)) {
            return 0;
        }
        if (startsWithAny(className, INTERNAL_OWNERS) || startsWithAny(className, AGENT_OWNED)
                || isClassLoaderName(className)) {
            return 2;
        }
        if (startsWithAny(className, JDK) || startsWithAny(className, TEST_FRAMEWORKS)) {
            return 0;
        }
        if (startsWithAny(className, libraries)) {
            boolean own = type != null ? CodeOrigin.isBuildOutput(type) : CodeOrigin.isBuildOutput(className);
            return own ? 1 : 0;
        }
        return 1;
    }

    /**
     * For connection acquisitions: application methods that only hand a connection on (a
     * wrapper DataSource's getConnection, a DAO's getConnection() helper) are not where it
     * leaked; their caller is.
     */
    static boolean isConnectionAccessor(String method) {
        return method.equals("getConnection") || method.equals("connect");
    }

    /** Walks to the first application frame; stops there, so the walk is short. */
    private static final class FirstFrame implements Function<Stream<StackFrame>, Object> {
        private final boolean skipConnectionAccessors;

        FirstFrame(boolean skipConnectionAccessors) {
            this.skipConnectionAccessors = skipConnectionAccessors;
        }

        @Override
        public Object apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            int limit = maxDepth;
            for (int n = 0; n < limit && it.hasNext(); n++) {
                StackFrame f = it.next();
                int kind = classify(f.getClassName(), f.getDeclaringClass());
                if (kind == 1) {
                    if (skipConnectionAccessors && isConnectionAccessor(f.getMethodName())) {
                        continue;
                    }
                    return f;
                }
                if (kind == 2) {
                    return INTERNAL;
                }
            }
            return null;
        }
    }

    /** Collects up to maxDepth frames below the agent's own. */
    private static final class AllFrames implements Function<Stream<StackFrame>, List<StackFrame>> {
        @Override
        public List<StackFrame> apply(Stream<StackFrame> frames) {
            List<StackFrame> out = new ArrayList<>(24);
            Iterator<StackFrame> it = frames.iterator();
            int limit = maxDepth;
            while (out.size() < limit && it.hasNext()) {
                StackFrame f = it.next();
                if (out.isEmpty() && startsWithAny(f.getClassName(), AGENT)) {
                    continue;
                }
                out.add(f);
            }
            return out;
        }
    }

    /**
     * For locks: the frame that called lock() decides. When it is the JDK's own code (a socket's
     * read lock, a PrintStream's internal lock, a queue), the JDK took the lock for itself and
     * holds it for as long as its I/O blocks: INTERNAL. Otherwise, as for resources.
     */
    private static final class LockCaller implements Function<Stream<StackFrame>, Object> {
        @Override
        public Object apply(Stream<StackFrame> frames) {
            Iterator<StackFrame> it = frames.iterator();
            int limit = maxDepth;
            boolean callerSeen = false;
            for (int n = 0; n < limit && it.hasNext(); n++) {
                StackFrame f = it.next();
                String c = f.getClassName();
                if (!callerSeen) {
                    if (startsWithAny(c, AGENT) || c.startsWith(LOCKS)) {
                        continue;
                    }
                    callerSeen = true;
                    if (startsWithAny(c, JDK)) {
                        return INTERNAL;
                    }
                }
                int kind = classify(c, f.getDeclaringClass());
                if (kind == 1) {
                    return f;
                }
                if (kind == 2) {
                    return INTERNAL;
                }
            }
            return null;
        }
    }

    private static final String LOCKS = "java.util.concurrent.locks.";
    private static final LockCaller LOCK_CALLER = new LockCaller();
    private static final FirstFrame FIRST_FRAME = new FirstFrame(false);
    private static final FirstFrame FIRST_CALLER_OF_CONNECTION = new FirstFrame(true);
    private static final AllFrames ALL_FRAMES = new AllFrames();

    /** Monitor mode: the first application frame, interned; its stack captured once per site. */
    static Object firstApplicationSite() {
        return firstApplicationSite(false);
    }

    /** Where the application took a lock; INTERNAL when the JDK took it for itself. */
    static Object lockSite() {
        return intern(WALKER.walk(LOCK_CALLER), false);
    }

    static Object firstApplicationSite(boolean connection) {
        return intern(WALKER.walk(connection ? FIRST_CALLER_OF_CONNECTION : FIRST_FRAME), connection);
    }

    private static Object intern(Object found, boolean connection) {
        if (!(found instanceof StackFrame)) {
            return found;
        }
        StackFrame f = (StackFrame) found;
        FrameKey key = new FrameKey(f.getDeclaringClass(), f.getMethodName(), f.getByteCodeIndex());
        Site site = SITES.get(key);
        if (site == null) {
            List<StackFrame> all = WALKER.walk(ALL_FRAMES);
            site = SITES.computeIfAbsent(key, new NewSite(f, lines(all, connection)));
        }
        return site;
    }

    private static final class NewSite implements Function<FrameKey, Site> {
        private final StackFrame frame;
        private final String[] stack;

        NewSite(StackFrame frame, String[] stack) {
            this.frame = frame;
            this.stack = stack;
        }

        @Override
        public Site apply(FrameKey k) {
            return new Site(frame.toStackTraceElement().toString(), stack);
        }
    }

    /**
     * ci mode: resolves a captured {@link AcquisitionTrace} into its site and stack lines. Runs on
     * the scanner thread, never at acquisition: capturing a Throwable costs a fraction of a
     * StackWalker walk, and turning it into StackTraceElements is the expensive part.
     */
    static Site resolve(AcquisitionTrace trace, boolean connection, String[][] linesOut) {
        StackTraceElement[] all = trace.getStackTrace();
        int first = 0;
        while (first < all.length && startsWithAny(all[first].getClassName(), AGENT)) {
            first++;
        }
        int app = -1;
        for (int i = first; i < all.length; i++) {
            int kind = classify(all[i].getClassName());
            if (kind == 2) {
                return JDK_OWNED;
            }
            if (kind == 1 && !(connection && isConnectionAccessor(all[i].getMethodName()))) {
                app = i;
                break;
            }
        }
        if (app < 0) {
            return JDK_OWNED;
        }
        int start = Math.max(first, app - 1);
        int end = Math.min(all.length, start + maxDepth);
        String[] lines = new String[end - start];
        for (int i = start; i < end; i++) {
            lines[i - start] = all[i].toString();
        }
        linesOut[0] = lines;
        String frame = all[app].toString();
        Site site = SITES_BY_FRAME.get(frame);
        if (site == null) {
            Site fresh = new Site(frame, lines);
            Site prior = SITES_BY_FRAME.putIfAbsent(frame, fresh);
            site = prior != null ? prior : fresh;
        }
        return site;
    }

    /**
     * The stack as report lines, starting at the API the application called (the frame just
     * above the first application frame): the JDK's internals above it help nobody.
     */
    private static String[] lines(List<StackFrame> frames, boolean connection) {
        int start = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (classify(frames.get(i).getClassName(), frames.get(i).getDeclaringClass()) == 1
                    && !(connection && isConnectionAccessor(frames.get(i).getMethodName()))) {
                start = Math.max(0, i - 1);
                break;
            }
        }
        String[] out = new String[frames.size() - start];
        for (int i = 0; i < out.length; i++) {
            out[i] = frames.get(start + i).toStackTraceElement().toString();
        }
        return out;
    }

    private static final class FrameKey {
        final Class<?> type;
        final String method;
        final int bci;
        final int hash;

        FrameKey(Class<?> type, String method, int bci) {
            this.type = type;
            this.method = method;
            this.bci = bci;
            this.hash = (System.identityHashCode(type) * 31 + method.hashCode()) * 31 + bci;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof FrameKey)) {
                return false;
            }
            FrameKey k = (FrameKey) o;
            return k.type == type && k.bci == bci && k.method.equals(method);
        }
    }
}
